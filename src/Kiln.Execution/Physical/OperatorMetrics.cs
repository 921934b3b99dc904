namespace Kiln.Execution.Physical;

/// <summary>What one operator of a task's plan fragment did: rows it output, its own time, bytes it spilled.</summary>
/// <remarks>
/// Updated by the task's own thread once per batch. While the task runs, <see cref="Ticks"/> and spill include the
/// operator's children; <see cref="OperatorMetricsSet.Complete"/> makes them the operator's own.
/// </remarks>
public sealed class OperatorMetrics
{
    public long OutputRows { get; set; }

    /// <summary>The operator's own time in nanoseconds (set when the task completes its metrics).</summary>
    public long TimeNanos { get; set; }

    public long SpillBytes { get; set; }

    /// <summary>Stopwatch ticks spent in the operator and its children, while the task runs.</summary>
    internal long Ticks { get; set; }
}
