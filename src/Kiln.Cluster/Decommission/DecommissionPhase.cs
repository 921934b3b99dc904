namespace Kiln.Cluster.Decommission;

/// <summary>Where a graceful decommission is (see <see cref="ExecutorDecommission"/>).</summary>
public enum DecommissionPhase
{
    /// <summary>No new tasks; the running ones finish.</summary>
    Draining,

    /// <summary>Its map outputs are being copied to live executors or the fallback storage.</summary>
    Migrating,

    /// <summary>Moved; it keeps serving until the tasks that may still read the old locations have ended.</summary>
    Releasing,
}
