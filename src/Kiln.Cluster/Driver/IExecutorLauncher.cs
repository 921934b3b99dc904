namespace Kiln.Cluster.Driver;

/// <summary>
/// Starts executors for a <see cref="ClusterBackend"/>. This is the only part that differs between cluster managers:
/// <see cref="LocalProcessLauncher"/> starts local processes (<c>local-cluster</c>); the Kubernetes launcher creates
/// pods. Either way the executor connects to the driver and registers by itself.
/// </summary>
/// <remarks>
/// <see cref="LaunchAsync"/> is called off the backend's event loop and may take long (a pod waits for its turn in an
/// allocation batch): the backend tracks the executor as starting meanwhile. Implementations are thread-safe.
/// </remarks>
public interface IExecutorLauncher : IAsyncDisposable
{
    /// <summary>Starts one executor; it registers with the driver under <see cref="ExecutorLaunchSpec.ExecutorId"/> once up.</summary>
    /// <exception cref="ExecutorStartException">The executor could not be started at all.</exception>
    ValueTask<IExecutorHandle> LaunchAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken);
}
