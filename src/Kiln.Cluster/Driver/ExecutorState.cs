namespace Kiln.Cluster.Driver;

/// <summary>
/// The life of an executor as the driver sees it:
/// <code>
///   Starting ──RegisterExecutor──> Active ──StopExecutor (application ends)──> Stopped
///      │                             │
///      │ exited, or not registered   │ process exited, connection closed,
///      │ within kiln.executor.       │ no heartbeat for kiln.network.timeout
///      │ startTimeout                v
///      └──────────────────────────> Lost ──> its running tasks fail (retried elsewhere), its map outputs are
///                                            forgotten (recomputed when needed), a replacement is started while
///                                            fewer than kiln.executor.maxFailures executors were lost
/// </code>
/// </summary>
public enum ExecutorState
{
    Starting,
    Active,
    Lost,
    Stopped,
}
