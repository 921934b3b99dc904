namespace Kiln.Scheduler.Events;

/// <summary>What one plan node did in one task (in a task-end event) or in all of a query's successful tasks (summed).</summary>
/// <param name="OutputRows">Rows the operator output; for an exchange, the rows its readers read.</param>
/// <param name="TimeNanos">The operator's own time (its inputs' time not included); for an exchange, writing plus reading.</param>
/// <param name="SpillBytes">Bytes the operator spilled to disk.</param>
/// <param name="ShuffleRecordsWritten">For an exchange: rows its map tasks wrote.</param>
/// <param name="ShuffleBytesWritten">For an exchange: bytes its map tasks wrote.</param>
public sealed record NodeMetrics(int NodeId, long OutputRows, long TimeNanos, long SpillBytes, long ShuffleRecordsWritten = 0, long ShuffleBytesWritten = 0)
{
    public NodeMetrics Plus(NodeMetrics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(NodeId, OutputRows + other.OutputRows, TimeNanos + other.TimeNanos, SpillBytes + other.SpillBytes, ShuffleRecordsWritten + other.ShuffleRecordsWritten, ShuffleBytesWritten + other.ShuffleBytesWritten);
    }
}
