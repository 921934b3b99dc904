using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Kiln.Kubernetes.Watch;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class RetryTests(ClusterFixture cluster) : IAsyncLifetime
{
    private const string FlowControl = "flowcontrol.apiserver.k8s.io";
    private string _ns = "";

    private IKubernetes Admin => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Requests_rejected_with_429_by_priority_and_fairness_are_retried_honouring_Retry_After()
    {
        var name = $"kiln-throttle-{_ns}";
        await ClusterAccounts.BindAsync(Admin, _ns, "throttled-view", "ClusterRole", "view", "throttled");
        var token = await ClusterAccounts.CreateWithTokenAsync(Admin, _ns, "throttled");

        // kube-apiserver 1.20 serves flow control as v1beta1, which the package has no models for: the generic custom-object calls reach it.
        await Admin.CustomObjects.CreateClusterCustomObjectAsync(
            JsonNode.Parse($$$"""
                {"apiVersion": "{{{FlowControl}}}/v1beta1", "kind": "PriorityLevelConfiguration", "metadata": {"name": "{{{name}}}"},
                 "spec": {"type": "Limited", "limited": {"assuredConcurrencyShares": 1, "limitResponse": {"type": "Reject"} } } }
                """)!,
            FlowControl,
            "v1beta1",
            "prioritylevelconfigurations");
        await Admin.CustomObjects.CreateClusterCustomObjectAsync(
            JsonNode.Parse($$$"""
                {"apiVersion": "{{{FlowControl}}}/v1beta1", "kind": "FlowSchema", "metadata": {"name": "{{{name}}}"},
                 "spec": {"priorityLevelConfiguration": {"name": "{{{name}}}"}, "matchingPrecedence": 100,
                  "distinguisherMethod": {"type": "ByUser"},
                  "rules": [{"subjects": [{"kind": "ServiceAccount", "serviceAccount": {"name": "throttled", "namespace": "{{{_ns}}}"}}],
                             "resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"], "namespaces": ["*"], "clusterScope": true}]}]}}
                """)!,
            FlowControl,
            "v1beta1",
            "flowschemas");
        try
        {
            var retries = new ConcurrentBag<KubernetesRetryInfo>();
            using var client = KubernetesClients.Create(
                ClusterAccounts.WithToken(cluster, token, _ns),
                new KubernetesClientOptions { Qps = 0, MaxRetries = 30, MaxRetryDelay = TimeSpan.FromSeconds(2), RetryObserver = retries.Add });

            // The flow schema takes effect asynchronously; keep sending bursts until the server has rejected some.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!retries.Any(r => r.StatusCode == HttpStatusCode.TooManyRequests) && DateTime.UtcNow < deadline)
            {
                var lists = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => client.CoreV1.ListNamespacedConfigMapAsync(_ns)));
                Assert.All(lists, l => Assert.NotNull(l.Metadata.ResourceVersion));
            }

            var throttled = retries.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(throttled);
            Assert.All(throttled, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Delay)); // the server's Retry-After: 1
            Assert.All(throttled, r => Assert.Equal("list", r.Request.Verb));
        }
        finally
        {
            await Admin.CustomObjects.DeleteClusterCustomObjectAsync(FlowControl, "v1beta1", "flowschemas", name);
            await Admin.CustomObjects.DeleteClusterCustomObjectAsync(FlowControl, "v1beta1", "prioritylevelconfigurations", name);
        }
    }

    [Fact]
    public async Task A_request_that_exceeds_its_timeout_on_every_attempt_is_a_timeout_error()
    {
        // A peer that accepts connections and never answers: every attempt certainly outlives its timeout.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var stalled = KubernetesClients.LoadConfiguration(cluster.Kubeconfig);
        stalled.Host = $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var retries = new ConcurrentBag<KubernetesRetryInfo>();
        using var impatient = KubernetesClients.Create(
            stalled,
            new KubernetesClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryObserver = retries.Add });
        await Assert.ThrowsAsync<KubernetesTimeoutException>(() => impatient.CoreV1.ListNamespacedConfigMapAsync(_ns));
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Null(r.StatusCode));
    }

    [Fact]
    public async Task Cancellation_stops_a_watch_and_a_pending_rate_limited_request()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in KubernetesListWatch.PodsAsync(Admin, _ns, null, cts.Token))
            {
            }
        });

        using var slow = KubernetesClients.Create(cluster.AdminConfiguration, new KubernetesClientOptions { Qps = 0.1, Burst = 1 });
        await slow.CoreV1.ListNamespacedConfigMapAsync(_ns);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.CoreV1.ListNamespacedConfigMapAsync(_ns, cancellationToken: cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {clock.Elapsed}");
    }
}
