using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class RetryTests(ClusterFixture cluster) : IAsyncLifetime
{
    private static readonly ResourceType<CustomObject> FlowSchemas =
        KubernetesResources.Custom("flowcontrol.apiserver.k8s.io", "v1beta1", "flowschemas", "FlowSchema", namespaced: false);

    private static readonly ResourceType<CustomObject> PriorityLevels =
        KubernetesResources.Custom("flowcontrol.apiserver.k8s.io", "v1beta1", "prioritylevelconfigurations", "PriorityLevelConfiguration", namespaced: false);

    private string _ns = "";

    private KubernetesClient Admin => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Requests_rejected_with_429_by_priority_and_fairness_are_retried_honouring_Retry_After()
    {
        var name = $"kiln-throttle-{_ns}";
        var token = await ServiceAccountTokenAsync("throttled");
        await Admin.Resource(PriorityLevels).CreateAsync(new CustomObject("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration")
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new JsonObject
            {
                ["type"] = "Limited",
                ["limited"] = new JsonObject { ["assuredConcurrencyShares"] = 1, ["limitResponse"] = new JsonObject { ["type"] = "Reject" } },
            },
        });
        await Admin.Resource(FlowSchemas).CreateAsync(new CustomObject("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema")
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = JsonNode.Parse($$$"""
                {"priorityLevelConfiguration": {"name": "{{{name}}}"}, "matchingPrecedence": 100,
                 "distinguisherMethod": {"type": "ByUser"},
                 "rules": [{"subjects": [{"kind": "ServiceAccount", "serviceAccount": {"name": "throttled", "namespace": "{{{_ns}}}"}}],
                            "resourceRules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"], "namespaces": ["*"], "clusterScope": true}]}]}
                """)!.AsObject(),
        });
        try
        {
            var retries = new ConcurrentBag<KubernetesRetryInfo>();
            using var client = new KubernetesClient(
                new KubernetesClientConfiguration
                {
                    Server = Admin.Configuration.Server,
                    CertificateAuthorities = Admin.Configuration.CertificateAuthorities,
                    TokenSource = new Config.StaticTokenSource(token),
                    Namespace = _ns,
                },
                new KubernetesClientOptions { Qps = 0, MaxRetries = 30, MaxRetryDelay = TimeSpan.FromSeconds(2), RetryObserver = retries.Add });

            // The flow schema takes effect asynchronously; keep sending bursts until the server has rejected some.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!retries.Any(r => r.StatusCode == HttpStatusCode.TooManyRequests) && DateTime.UtcNow < deadline)
            {
                var lists = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => client.ConfigMaps.ListAsync(_ns)));
                Assert.All(lists, l => Assert.NotNull(l.Metadata.ResourceVersion));
            }

            var throttled = retries.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(throttled);
            Assert.All(throttled, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Delay)); // the server's Retry-After: 1
            Assert.All(throttled, r => Assert.Equal("list", r.Request.Verb));
        }
        finally
        {
            await Admin.Resource(FlowSchemas).DeleteAsync(null, name);
            await Admin.Resource(PriorityLevels).DeleteAsync(null, name);
        }
    }

    [Fact]
    public async Task A_request_that_exceeds_its_timeout_on_every_attempt_is_a_timeout_error()
    {
        // A peer that accepts connections and never answers: every attempt certainly outlives its timeout (a 1-tick
        // timeout against the real server raced a fast local answer and sometimes lost).
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var stalled = new KubernetesClientConfiguration
        {
            Server = new Uri($"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"),
            CertificateAuthorities = Admin.Configuration.CertificateAuthorities,
            ClientCertificate = Admin.Configuration.ClientCertificate,
            TokenSource = Admin.Configuration.TokenSource,
        };
        var retries = new ConcurrentBag<KubernetesRetryInfo>();
        using var impatient = new KubernetesClient(
            stalled,
            new KubernetesClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10), RetryObserver = retries.Add });
        await Assert.ThrowsAsync<KubernetesTimeoutException>(() => impatient.ConfigMaps.ListAsync(_ns));
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Null(r.StatusCode));
    }

    [Fact]
    public async Task Cancellation_stops_a_watch_and_a_pending_rate_limited_request()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Admin.ConfigMaps.ListAndWatchAsync(_ns, null, cts.Token))
            {
            }
        });

        using var slow = new KubernetesClient(Admin.Configuration, new KubernetesClientOptions { Qps = 0.1, Burst = 1 });
        await slow.ConfigMaps.ListAsync(_ns);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.ConfigMaps.ListAsync(_ns, null, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {clock.Elapsed}");
    }

    private async Task<string> ServiceAccountTokenAsync(string name)
    {
        await Admin.ServiceAccounts.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = name, Namespace = _ns } });
        var binding = KubernetesResources.Custom("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
        await Admin.Resource(binding).CreateAsync(new CustomObject("rbac.authorization.k8s.io/v1", "RoleBinding")
        {
            Metadata = new ObjectMeta { Name = $"{name}-view", Namespace = _ns },
            ExtensionData = new Dictionary<string, JsonElement>
            {
                ["roleRef"] = JsonSerializer.SerializeToElement(new { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "view" }),
                ["subjects"] = JsonSerializer.SerializeToElement(new[] { new { kind = "ServiceAccount", name, @namespace = _ns } }),
            },
        });
        var sa = await Eventually.HoldsAsync(
            () => Admin.ServiceAccounts.TryGetAsync(_ns, name), s => s.Secrets?.Count > 0, TimeSpan.FromSeconds(30), "the service account token");
        var secret = await Admin.Secrets.GetAsync(_ns, sa.Secrets![0].Name!);
        return System.Text.Encoding.UTF8.GetString(secret.Data!["token"]);
    }
}
