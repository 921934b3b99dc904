using Kiln.Common.Batches;
using Kiln.Common.Types;

namespace Kiln.Execution.Physical;

/// <summary>
/// How a task reads the output of a finished shuffle: the scheduler knows where every map output lives and
/// hands the task an implementation (local files now, remote block fetches on a cluster).
/// </summary>
public interface IShuffleInput
{
    /// <summary>Streams reduce partition <paramref name="reducePartition"/> of shuffle <paramref name="shuffleId"/>.</summary>
    IEnumerable<RecordBatch> Read(int shuffleId, int reducePartition, Schema schema, TaskContext context);
}
