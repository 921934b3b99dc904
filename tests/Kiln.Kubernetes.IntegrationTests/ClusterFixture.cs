using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>
/// Starts (or reuses) the real test control plane once per test run through <c>scripts/k8s-test-cluster.sh up</c>
/// and hands each test class its own fresh namespace. If the cluster cannot start, every test fails with the
/// reason and the log location: these tests are never skipped (CI=true or not).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<Type, Lazy<Task<string>>> _namespaces = new();

    public string RepositoryRoot { get; } = FindRepositoryRoot();

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
        // One log per state directory: separate clusters on one machine (KILN_K8S_STATE_DIR) do not share it.
        var stateDir = Environment.GetEnvironmentVariable("KILN_K8S_STATE_DIR");
        var suffix = string.IsNullOrEmpty(stateDir) ? "" : "-" + new DirectoryInfo(stateDir).Name;
        var log = Path.Combine(Path.GetTempPath(), $"kiln-k8s-test-cluster-up{suffix}.log");
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        psi.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "k8s-test-cluster.sh"));
        psi.ArgumentList.Add("up");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var errors = await stderr;
        await File.WriteAllTextAsync(log, errors + output);
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || last is null || !File.Exists(last))
        {
            throw new InvalidOperationException(
                $"The Kubernetes test cluster did not start (exit code {process.ExitCode}, CI={Environment.GetEnvironmentVariable("CI")}). " +
                $"Output of `scripts/k8s-test-cluster.sh up` is in {log}; component logs are in the state directory it names. " +
                $"Last output: {string.Join(" | ", (errors + output).Split('\n').TakeLast(15))}");
        }

        Kubeconfig = last;
        AdminConfiguration = KubernetesClients.LoadConfiguration(Kubeconfig);
        Admin = KubernetesClients.Create(AdminConfiguration, new KubernetesClientOptions { Qps = 100, Burst = 200 });
    }

    /// <summary>A fresh namespace for the given test class, created on first use, with its default service account ready.</summary>
    public Task<string> NamespaceForAsync(Type testClass) =>
        _namespaces.GetOrAdd(testClass, t => new Lazy<Task<string>>(() => CreateNamespaceAsync(t.Name))).Value;

    public async Task DisposeAsync()
    {
        foreach (var ns in _namespaces.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result))
        {
            try
            {
                await Admin.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (KubernetesException)
            {
            }
        }

        Admin?.Dispose();
    }

    private async Task<string> CreateNamespaceAsync(string className)
    {
        var prefix = new string(className.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        var name = $"it-{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        await Eventually.TrueAsync(
            async () => (await Admin.TryReadServiceAccountAsync(name, "default"))?.Secrets?.Count > 0,
            TimeSpan.FromSeconds(60),
            $"the default service account of namespace {name} to get its token");
        return name;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "k8s-test-cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root with scripts/k8s-test-cluster.sh above {AppContext.BaseDirectory}.");
    }
}
