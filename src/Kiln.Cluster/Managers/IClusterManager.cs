using Kiln.Scheduler.Backends;

namespace Kiln.Cluster.Managers;

/// <summary>
/// One kind of master (Spark's ExternalClusterManager): it says whether it can run a master URL, and creates the
/// scheduler backend that runs the application's tasks there. The engine asks each registered manager in turn; a
/// master no manager accepts is a configuration error, never a silent fallback to local.
/// </summary>
public interface IClusterManager
{
    /// <summary>The master URLs this manager runs, for the error that lists every supported form ("local-cluster[E,C,M]").</summary>
    string MasterForm { get; }

    bool CanCreate(string master);

    /// <summary>Starts the backend; returns once it can take tasks (for a cluster: enough executors registered).</summary>
    /// <exception cref="Common.Errors.ConfigException">The master or a setting it needs is invalid.</exception>
    Task<ISchedulerBackend> CreateBackendAsync(string master, ClusterManagerContext context, CancellationToken cancellationToken);
}
