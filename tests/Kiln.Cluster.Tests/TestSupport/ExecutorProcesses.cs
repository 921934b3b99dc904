using System.Diagnostics;
using System.Globalization;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>Finds and kills executor processes from the outside, as an operator would: by their command lines in /proc.</summary>
public static class ExecutorProcesses
{
    /// <summary>The executor processes of application <paramref name="appId"/>, by executor id.</summary>
    public static Dictionary<string, int> Of(string appId)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (pid, args) in All())
        {
            if (Value(args, "--app-id") == appId && Value(args, "--executor-id") is { } id)
            {
                found[id] = pid;
            }
        }

        return found;
    }

    /// <summary>The executor processes whose parent is <paramref name="parentPid"/>.</summary>
    public static List<int> ChildrenOf(int parentPid) =>
        [.. All().Where(p => ParentOf(p.Pid) == parentPid).Select(p => p.Pid)];

    /// <summary>The value after <paramref name="option"/> on the process's command line.</summary>
    public static string? Option(int pid, string option)
    {
        var args = CommandLine(pid);
        return args is null ? null : Value(args, option);
    }

    /// <summary>The value of <c>--conf KEY=VALUE</c> on the process's command line.</summary>
    public static string? ConfOption(int pid, string key)
    {
        var args = CommandLine(pid) ?? [];
        return args.Zip(args.Skip(1)).Where(p => p.First == "--conf" && p.Second.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(p => p.Second[(key.Length + 1)..])
            .LastOrDefault();
    }

    /// <summary>kill -9.</summary>
    public static void Kill(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    /// <summary>True while the process exists and has not exited (zombies count as exited).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds}s");
            }

            await Task.Delay(50);
        }
    }

    private static IEnumerable<(int Pid, string[] Args)> All()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && CommandLine(pid) is { } args
                && args.Contains("executor")
                && args.Any(a => a.EndsWith("Kiln.Cli.dll", StringComparison.Ordinal))
                && IsAlive(pid))
            {
                yield return (pid, args);
            }
        }
    }

    private static string[]? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }

    private static string? Value(string[] args, string option)
    {
        var i = Array.IndexOf(args, option);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
