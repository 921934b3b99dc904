using Kiln.Execution.Tasks;

namespace Kiln.Execution.UserCode;

/// <summary>
/// Receives, on the driver, what a successful task reports besides its output: accumulator updates and stored
/// cache blocks. The DAG scheduler calls it for every successful attempt, saying whether it is the first success
/// for its (stage, partition); accumulators merge only first successes, so a retried or re-run task counts once.
/// </summary>
/// <remarks>Called from scheduler threads, possibly concurrently.</remarks>
public interface ITaskUpdateSink
{
    void OnTaskSucceeded(TaskResult result, bool firstSuccessOfPartition);
}
