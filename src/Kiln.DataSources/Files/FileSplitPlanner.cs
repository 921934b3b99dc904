using System.Text.RegularExpressions;
using Kiln.DataSources.Errors;

namespace Kiln.DataSources.Files;

/// <summary>
/// Expands an input path into files and cuts them into <see cref="FileSplit"/>s the way Spark does:
/// <c>splitSize = min(maxPartitionBytes, max(4 MiB, totalBytes / minPartitions))</c>.
/// </summary>
/// <remarks>
/// A path is a file, a directory (its files, not recursive, skipping names that start with <c>_</c> or <c>.</c> such as
/// <c>_SUCCESS</c> and <c>_temporary</c>) or a glob with <c>*</c> and <c>?</c> in its last component
/// (<c>data/*.csv</c>). Splits of text files assume that no record contains a line break; formats read with
/// <c>multiLine</c> must be planned with <c>splittable: false</c>, which gives one split per file.
/// </remarks>
public static class FileSplitPlanner
{
    public const long DefaultMaxPartitionBytes = 128L * 1024 * 1024;
    public const long MinSplitBytes = 4L * 1024 * 1024;

    /// <summary>The data files a path names, sorted by path.</summary>
    public static IReadOnlyList<string> ListFiles(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return [System.IO.Path.GetFullPath(path)];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => IsDataFile(System.IO.Path.GetFileName(f)))
                .Select(System.IO.Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        var name = System.IO.Path.GetFileName(path);
        if (name.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            var dir = System.IO.Path.GetDirectoryName(path);
            dir = string.IsNullOrEmpty(dir) ? "." : dir;
            if (Directory.Exists(dir))
            {
                var regex = new Regex("^" + Regex.Escape(name).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
                var matches = Directory.EnumerateFiles(dir)
                    .Where(f => IsDataFile(System.IO.Path.GetFileName(f)) && regex.IsMatch(System.IO.Path.GetFileName(f)))
                    .Select(System.IO.Path.GetFullPath)
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (matches.Length > 0)
                {
                    return matches;
                }
            }
        }

        throw new PathNotFoundException(path);
    }

    /// <summary>Whether a file name is data rather than bookkeeping (<c>_SUCCESS</c>, <c>_temporary</c>, <c>.crc</c> files).</summary>
    public static bool IsDataFile(string fileName) => fileName.Length > 0 && fileName[0] is not '_' and not '.';

    public static long SplitSize(long totalBytes, long maxPartitionBytes, int minPartitions) =>
        Math.Min(maxPartitionBytes, Math.Max(MinSplitBytes, totalBytes / Math.Max(1, minPartitions)));

    /// <summary>Plans the splits of every file under <paramref name="path"/>.</summary>
    public static IReadOnlyList<FileSplit> Plan(string path, long maxPartitionBytes = DefaultMaxPartitionBytes, int minPartitions = 2, bool splittable = true) =>
        Plan(ListFiles(path), maxPartitionBytes, minPartitions, splittable);

    public static IReadOnlyList<FileSplit> Plan(IReadOnlyList<string> files, long maxPartitionBytes = DefaultMaxPartitionBytes, int minPartitions = 2, bool splittable = true)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartitionBytes, 1);
        var lengths = files.Select(f => new FileInfo(f).Length).ToArray();
        var splitSize = SplitSize(lengths.Sum(), maxPartitionBytes, minPartitions);
        return PlanWithSplitSize(files, lengths, splittable ? splitSize : long.MaxValue);
    }

    /// <summary>Cuts files into splits of exactly <paramref name="splitSize"/> bytes (the last one of each file shorter).</summary>
    public static IReadOnlyList<FileSplit> PlanWithSplitSize(IReadOnlyList<string> files, IReadOnlyList<long> lengths, long splitSize)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(splitSize, 1);
        var splits = new List<FileSplit>();
        for (var i = 0; i < files.Count; i++)
        {
            var length = lengths[i];
            if (length == 0)
            {
                splits.Add(new FileSplit(files[i], 0, 0, 0));
                continue;
            }

            for (long start = 0; start < length; start += splitSize)
            {
                splits.Add(new FileSplit(files[i], start, Math.Min(splitSize, length - start), length));
            }
        }

        return splits;
    }
}
