using Kiln.Common.Batches;
using Kiln.Common.Types;

namespace Kiln.DataSources;

/// <summary>Pulls the rows of one input split as <see cref="RecordBatch"/>es.</summary>
/// <remarks>Single consumer, not thread-safe. Dispose releases the file handle.</remarks>
public interface IRecordBatchReader : IDisposable
{
    /// <summary>The schema of the produced batches (the projected columns, in projection order).</summary>
    Schema Schema { get; }

    /// <summary>The next batch of at most the reader's batch size (never empty), or null at the end of the split.</summary>
    RecordBatch? ReadBatch(CancellationToken cancellationToken = default);
}
