namespace Kiln.Status.EventLog;

/// <summary>
/// Where an application's event log lives, Spark's layout:
/// <code>
///   single file:  DIR/APPID[.gz].inprogress   renamed to DIR/APPID[.gz] when the application ends
///   rolling:      DIR/eventlog_v2_APPID/events_N_APPID[.gz]   (N = 1, 2, ...)
///                 DIR/eventlog_v2_APPID/appstatus_APPID.inprogress   renamed to appstatus_APPID at the end
/// </code>
/// </summary>
public static class EventLogFiles
{
    public const string InProgressSuffix = ".inprogress";
    public const string CompressedSuffix = ".gz";
    public const string RollingPrefix = "eventlog_v2_";

    public static string SingleFile(string dir, string appId, bool compress) =>
        Path.Combine(dir, appId + (compress ? CompressedSuffix : string.Empty) + InProgressSuffix);

    public static string RollingDir(string dir, string appId) => Path.Combine(dir, RollingPrefix + appId);

    public static string RollingPart(string rollingDir, string appId, int index, bool compress) =>
        Path.Combine(rollingDir, $"events_{index}_{appId}" + (compress ? CompressedSuffix : string.Empty));

    public static string StatusMarker(string rollingDir, string appId, bool inProgress) =>
        Path.Combine(rollingDir, $"appstatus_{appId}" + (inProgress ? InProgressSuffix : string.Empty));

    /// <summary>
    /// The event logs in a directory: single files (named without <c>.inprogress</c>, so a log keeps its name when
    /// its application ends) and rolling folders.
    /// </summary>
    public static IEnumerable<string> Find(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(dir)
            .Where(entry => Directory.Exists(entry) ? Path.GetFileName(entry).StartsWith(RollingPrefix, StringComparison.Ordinal) : !Path.GetFileName(entry).StartsWith('.'))
            .Select(entry => entry.EndsWith(InProgressSuffix, StringComparison.Ordinal) ? entry[..^InProgressSuffix.Length] : entry)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The files holding a log's events, in order: the file itself, or a rolling folder's parts by number.</summary>
    public static IReadOnlyList<string> Parts(string log)
    {
        if (!Directory.Exists(log))
        {
            return File.Exists(log) ? [log] : [log + InProgressSuffix];
        }

        return Directory.EnumerateFiles(log, "events_*")
            .Select(f => (File: f, Index: PartIndex(Path.GetFileName(f))))
            .Where(p => p.Index > 0)
            .OrderBy(p => p.Index)
            .Select(p => p.File)
            .ToArray();
    }

    /// <summary>True while the application that writes the log has not ended (or died without ending it).</summary>
    public static bool IsInProgress(string log) => Directory.Exists(log)
        ? Directory.EnumerateFiles(log, "appstatus_*" + InProgressSuffix).Any()
        : log.EndsWith(InProgressSuffix, StringComparison.Ordinal) || (!File.Exists(log) && File.Exists(log + InProgressSuffix));

    /// <summary>When the log was last written (its newest part).</summary>
    public static DateTime LastWritten(string log) => Parts(log).Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();

    /// <summary>Deletes a log: its file or its rolling folder.</summary>
    public static void Delete(string log)
    {
        if (Directory.Exists(log))
        {
            Directory.Delete(log, recursive: true);
        }
        else
        {
            File.Delete(log);
            File.Delete(log + InProgressSuffix);
        }
    }

    /// <summary>The application a log belongs to, from its name (APPID[.gz] or eventlog_v2_APPID).</summary>
    public static string AppIdOf(string log)
    {
        var name = Path.GetFileName(log);
        name = name.StartsWith(RollingPrefix, StringComparison.Ordinal) ? name[RollingPrefix.Length..] : name;
        return name.EndsWith(CompressedSuffix, StringComparison.Ordinal) ? name[..^CompressedSuffix.Length] : name;
    }

    public static bool IsCompressed(string part) =>
        part.EndsWith(CompressedSuffix, StringComparison.Ordinal) || part.EndsWith(CompressedSuffix + InProgressSuffix, StringComparison.Ordinal);

    private static int PartIndex(string name)
    {
        var parts = name.Split('_', 3);
        return parts.Length == 3 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
