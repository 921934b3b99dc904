using Kiln.Execution.UserCode;

namespace Kiln;

/// <summary>
/// The task a lambda is running in, as Spark's <c>TaskContext.get()</c>: <see cref="Current"/> is null on the
/// driver and set inside UDFs and Dataset lambdas on executors.
/// </summary>
public sealed record TaskInfo(int StageId, int Partition, int Attempt, string ExecutorId)
{
    public static TaskInfo? Current => UserCodeTaskScope.Current is { } s ? new TaskInfo(s.StageId, s.Partition, s.Attempt, s.ExecutorId) : null;
}
