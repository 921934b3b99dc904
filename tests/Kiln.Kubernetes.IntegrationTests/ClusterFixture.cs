using System.Collections.Concurrent;
using k8s;
using Kiln.Testing;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>
/// Starts (or reuses) the real test control plane once per test run (<see cref="TestControlPlane"/>) and hands each
/// test class its own fresh namespace, deleted after the run. If the cluster cannot start, every test fails with the
/// reason and the log location: these tests are never skipped (CI=true or not).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Type, Lazy<Task<string>>> _namespaces = new();

    public string RepositoryRoot => TestControlPlane.RepositoryRoot;

    public string Kubeconfig { get; private set; } = "";

    /// <summary>The cluster's state directory (certificates, logs, the built binaries under bin/).</summary>
    public string StateDirectory => Path.GetDirectoryName(Kubeconfig)!;

    public string Kubectl => Path.Combine(StateDirectory, "bin", "kubectl");

    /// <summary>
    /// Compacts etcd's history up to <paramref name="resourceVersion"/>, as the API server does every few
    /// minutes; watches from older versions of resources served straight from etcd (events) then get 410 Gone.
    /// </summary>
    public async Task CompactEtcdAsync(string resourceVersion)
    {
        var url = (await File.ReadAllTextAsync(Path.Combine(StateDirectory, "etcd-url"))).Trim();
        using var http = new HttpClient();
        using var body = new StringContent($$"""{"revision":"{{resourceVersion}}","physical":true}""");
        using var response = await http.PostAsync(new Uri(url + "/v3/kv/compaction"), body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The admin configuration (static token, group system:masters) of the cluster's kubeconfig.</summary>
    public KubernetesClientConfiguration AdminConfiguration { get; private set; } = null!;

    public IKubernetes Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kubeconfig = await TestControlPlane.UpAsync();
        AdminConfiguration = KubernetesClients.LoadConfiguration(Kubeconfig);
        Admin = KubernetesClients.Create(AdminConfiguration, new KubernetesClientOptions { Qps = 100, Burst = 200 });
    }

    /// <summary>A fresh namespace for the given test class, created on first use, with its default service account ready.</summary>
    public Task<string> NamespaceForAsync(Type testClass) =>
        _namespaces.GetOrAdd(testClass, t => new Lazy<Task<string>>(() => CreateNamespaceAsync(t.Name))).Value;

    public async Task DisposeAsync()
    {
        await TestControlPlane.DeleteNamespacesAsync(Admin, _namespaces.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result));
        Admin?.Dispose();
    }

    private Task<string> CreateNamespaceAsync(string className) => TestControlPlane.NewNamespaceAsync(Admin, "it", className);
}
