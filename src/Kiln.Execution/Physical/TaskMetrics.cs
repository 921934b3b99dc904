namespace Kiln.Execution.Physical;

/// <summary>Counters one task updates while it runs; reported to the driver with the task's result.</summary>
/// <remarks>Updated only by the task's own thread; read after the task ends.</remarks>
public sealed class TaskMetrics
{
    public long RowsRead { get; set; }

    public long RowsWritten { get; set; }

    public long ShuffleBytesWritten { get; set; }

    public long ShuffleBytesRead { get; set; }

    public long SpillBytes { get; set; }

    public int SpillCount { get; set; }

    public long PeakMemory { get; set; }

    /// <summary>Parquet row groups decoded.</summary>
    public long RowGroupsRead { get; set; }

    /// <summary>Parquet row groups skipped because their statistics rule out the pushed-down filter.</summary>
    public long RowGroupsSkipped { get; set; }

    /// <summary>Parquet column chunks decoded (one per projected column per row group read): shows column pruning.</summary>
    public long ColumnChunksRead { get; set; }

    /// <summary>Input files skipped as unreadable (<c>ignoreCorruptFiles</c>).</summary>
    public long CorruptFilesSkipped { get; set; }

    /// <summary>Rows read from shuffle blocks (a reduce task's input).</summary>
    public long ShuffleRecordsRead { get; set; }

    /// <summary>Milliseconds the task ran on its executor (from decoding its payload to its output being delivered).</summary>
    public long RunTimeMs { get; set; }

    /// <summary>Nanoseconds spent writing shuffle output (partitioning, buffering, spilling and committing it).</summary>
    public long ShuffleWriteNanos { get; set; }

    /// <summary>
    /// What each operator of the task's fragment did, in the fragment's pre-order; null when not measured. The
    /// scheduler turns positions into plan node ids for the listener events, so the event log does not carry it here.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<OperatorMetrics>? Operators { get; set; }

    public void Add(TaskMetrics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        RowsRead += other.RowsRead;
        RowsWritten += other.RowsWritten;
        ShuffleBytesWritten += other.ShuffleBytesWritten;
        ShuffleBytesRead += other.ShuffleBytesRead;
        SpillBytes += other.SpillBytes;
        SpillCount += other.SpillCount;
        PeakMemory = Math.Max(PeakMemory, other.PeakMemory);
        RowGroupsRead += other.RowGroupsRead;
        RowGroupsSkipped += other.RowGroupsSkipped;
        ColumnChunksRead += other.ColumnChunksRead;
        CorruptFilesSkipped += other.CorruptFilesSkipped;
        ShuffleRecordsRead += other.ShuffleRecordsRead;
        RunTimeMs += other.RunTimeMs;
        ShuffleWriteNanos += other.ShuffleWriteNanos;
    }
}
