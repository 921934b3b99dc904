using System.Diagnostics;
using k8s;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class RateLimitTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_client_side_rate_limit_holds_its_qps()
    {
        using var limited = KubernetesClients.Create(cluster.AdminConfiguration, new KubernetesClientOptions { Qps = 10, Burst = 2 });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 22).Select(_ => limited.CoreV1.ListNamespacedConfigMapAsync(_ns)));
        var elapsed = clock.Elapsed;

        // 2 requests go at once (burst), the other 20 at 10 per second: at least 2 seconds.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_a_limit_the_same_requests_are_fast()
    {
        using var unlimited = KubernetesClients.Create(cluster.AdminConfiguration, new KubernetesClientOptions { Qps = 0 });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 22).Select(_ => unlimited.CoreV1.ListNamespacedConfigMapAsync(_ns)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.9), $"took {clock.Elapsed}");
    }
}
