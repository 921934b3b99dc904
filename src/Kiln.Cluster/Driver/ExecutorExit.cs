using System.Globalization;

namespace Kiln.Cluster.Driver;

/// <summary>
/// How an executor ended, as its cluster manager saw it: a local process's exit code or signal, or a pod container's
/// terminated state (exit code, signal, reason such as <c>OOMKilled</c> or <c>Evicted</c>, message).
/// </summary>
/// <param name="ExitCode">The process's exit code, when it exited by itself.</param>
/// <param name="Signal">The signal that killed it, when one did.</param>
/// <param name="Reason">A one-word reason from the cluster manager (<c>OOMKilled</c>, <c>Evicted</c>, <c>StartError</c>, <c>Unschedulable</c>).</param>
/// <param name="Message">What the cluster manager said about it, in a sentence that tells the user what to change.</param>
public sealed record ExecutorExit(int? ExitCode, int? Signal, string? Reason, string? Message)
{
    /// <summary>
    /// True when the application cannot go on without the user changing something (no executor has been able to start
    /// for <c>kiln.kubernetes.allocation.failFastTimeout</c>): the driver fails the application with <see cref="Message"/>
    /// instead of starting replacements.
    /// </summary>
    public bool FailsApplication { get; init; }

    /// <summary>A process that exited with <paramref name="code"/>; 128 + N (as a shell reports it) means signal N.</summary>
    public static ExecutorExit FromProcessCode(int code) => code > 128 && code < 128 + 65
        ? new ExecutorExit(null, code - 128, null, null)
        : new ExecutorExit(code, null, null, null);

    /// <summary>"exit code 1", "killed by signal 9 (SIGKILL)", "OOMKilled, exit code 137: ..." — for one readable line.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Reason is { Length: > 0 })
        {
            parts.Add(Reason);
        }

        if (Signal is { } signal)
        {
            parts.Add($"killed by signal {signal.ToString(CultureInfo.InvariantCulture)}{SignalName(signal)}");
        }
        else if (ExitCode is { } code)
        {
            parts.Add($"exit code {code.ToString(CultureInfo.InvariantCulture)}{ExitCodeMeaning(code)}");
        }

        var head = parts.Count == 0 ? "ended" : string.Join(", ", parts);
        return Message is { Length: > 0 } message ? $"{head}: {message}" : head;
    }

    /// <summary>True when the output the executor wrote is worth showing (it failed by itself, not by a kill).</summary>
    public bool FailedByItself => Signal is null && ExitCode is > 0 and <= 128;

    private static string SignalName(int signal) => signal switch
    {
        9 => " (SIGKILL)",
        15 => " (SIGTERM)",
        6 => " (SIGABRT)",
        11 => " (SIGSEGV)",
        2 => " (SIGINT)",
        _ => string.Empty,
    };

    private static string ExitCodeMeaning(int code) => code switch
    {
        137 => " (killed with SIGKILL, often for exceeding its memory limit)",
        143 => " (stopped with SIGTERM)",
        134 => " (aborted: the .NET runtime failed, often out of memory)",
        _ => string.Empty,
    };
}
