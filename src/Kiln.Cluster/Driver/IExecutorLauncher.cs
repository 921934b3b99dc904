namespace Kiln.Cluster.Driver;

/// <summary>
/// Starts executor processes for a <see cref="ClusterBackend"/>. This is the only part that differs between
/// cluster managers: <see cref="LocalProcessLauncher"/> starts local processes (<c>local-cluster</c>); a Kubernetes
/// launcher creates pods. Either way the executor connects to the driver and registers by itself.
/// </summary>
public interface IExecutorLauncher
{
    /// <summary>Starts one executor; it registers with the driver under <see cref="ExecutorLaunchSpec.ExecutorId"/> once up.</summary>
    /// <exception cref="ExecutorStartException">The executor could not be started at all.</exception>
    IExecutorHandle Launch(ExecutorLaunchSpec spec);
}
