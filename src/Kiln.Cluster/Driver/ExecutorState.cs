namespace Kiln.Cluster.Driver;

/// <summary>
/// The life of an executor as the driver sees it:
/// <code>
///   Starting ──RegisterExecutor──> Active ──StopExecutor (application ends)──> Stopped
///      │                             │  └─decommission──> Decommissioning ──data moved, StopExecutor──┘
///      │                             │    (no new tasks; see Decommission.ExecutorDecommission)
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

    /// <summary>Leaving gracefully: no new tasks, its running tasks finish and its map outputs move to live executors.</summary>
    Decommissioning,
    Lost,
    Stopped,
}
