using Kiln.Common.Errors;

namespace Kiln.Cluster.Driver;

/// <summary>
/// A task cannot run anywhere: every live executor is excluded for its stage or for the application because tasks
/// kept failing there (<c>kiln.excludeOnFailure.*</c>). The message names the task, each executor's failures and the
/// last failure's exception, which is usually the real problem.
/// </summary>
public sealed class ExecutorsExcludedException : KilnException
{
    public ExecutorsExcludedException(int stageId, int partition, string message, Exception? lastFailure)
        : base(message, lastFailure)
    {
        StageId = stageId;
        Partition = partition;
    }

    public int StageId { get; }

    public int Partition { get; }
}
