using Kiln.Common.Batches;
using Kiln.Common.Types;

namespace Kiln.DataSources;

/// <summary>Writes batches of one schema to a stream in a file format.</summary>
/// <remarks>Not thread-safe. <see cref="IDisposable.Dispose"/> flushes, and closes the stream unless it was opened with leaveOpen.</remarks>
public interface IRecordBatchWriter : IDisposable
{
    Schema Schema { get; }

    /// <summary>Rows written so far.</summary>
    long RowsWritten { get; }

    void Write(RecordBatch batch);

    /// <summary>Pushes buffered bytes to the stream.</summary>
    void Flush();
}
