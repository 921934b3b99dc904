using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.Contract;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>The launcher contract for executor pods on the real control plane; an executor exists while its pod does.</summary>
[Collection(PodClusterCollection.Name)]
public sealed class PodLauncherContractTests(PodCluster cluster) : ExecutorLauncherContract, IAsyncLifetime
{
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await cluster.NewNamespaceAsync("contract");

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task<KilnSession> StartSessionAsync(int executors) =>
        await KilnSession.CreateAsync(cluster.Conf(_ns, executors)
            .Set("spark.executor.cores", "1")
            .Set("spark.scheduler.minRegisteredResourcesRatio", "1.0"));

    protected override ClusterBackend ClusterOf(KilnSession session) => ((KubernetesBackend)session.Engine.Backend).Cluster;

    protected override async Task<bool> ExistsAsync(string appId, string executorId) =>
        (await cluster.PodsOfAsync(_ns, appId)).Any(p => p.Metadata.Labels["kiln-exec-id"] == executorId);

    protected override Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(60), what);
}
