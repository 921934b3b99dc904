namespace Kiln.Cluster.Driver;

/// <summary>
/// A task failed because its executor was lost (process died, connection closed, heartbeats stopped). It is an
/// <see cref="IOException"/>, so the scheduler retries the task on another executor.
/// </summary>
public sealed class ExecutorLostException : IOException
{
    public ExecutorLostException(string executorId, string reason)
        : base($"executor {executorId} was lost: {reason}")
    {
        ExecutorId = executorId;
        Reason = reason;
    }

    public string ExecutorId { get; }

    public string Reason { get; }
}
