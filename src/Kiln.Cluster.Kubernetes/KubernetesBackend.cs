using k8s;
using Kiln.Cluster.Driver;
using Kiln.Execution.Tasks;
using Kiln.Scheduler.Backends;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// The scheduler backend of a k8s:// application: the cluster backend (event loop, placement, executor lifecycle)
/// with the pod launcher and the API client it owns. Disposing stops the executors, deletes their pods and objects,
/// and closes the client.
/// </summary>
public sealed class KubernetesBackend : ISchedulerBackend
{
    private readonly IKubernetes _api;

    internal KubernetesBackend(ClusterBackend cluster, KubernetesExecutorLauncher launcher, IKubernetes api)
    {
        Cluster = cluster;
        Launcher = launcher;
        _api = api;
    }

    public ClusterBackend Cluster { get; }

    public KubernetesExecutorLauncher Launcher { get; }

    public int DefaultParallelism => Cluster.DefaultParallelism;

    public Task<TaskResult> RunAsync(TaskDescription task, CancellationToken cancellationToken) => Cluster.RunAsync(task, cancellationToken);

    public void RemoveShuffles(IReadOnlyList<int> shuffleIds) => Cluster.RemoveShuffles(shuffleIds);

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync().ConfigureAwait(false);
        (_api as IDisposable)?.Dispose();
    }
}
