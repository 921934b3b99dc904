using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Kiln.Common.Config;
using Kiln.Kubernetes;
using Kiln.Testing;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// The real test control plane (<c>scripts/k8s-test-cluster.sh up</c>, started or reused once per run), with the image
/// <c>kiln:dev</c> running this checkout's <c>./kiln</c>, which is built here first so that executor pods start at once.
/// Each test gets its own namespace, deleted after the run. A cluster that cannot start fails every test with the
/// reason (<see cref="TestControlPlane"/>); never skipped.
/// </summary>
public sealed class PodCluster : IAsyncLifetime
{
    public const string Image = "kiln:dev";

    private readonly ConcurrentBag<string> _namespaces = [];

    public string Root => TestControlPlane.RepositoryRoot;

    public string Kubeconfig { get; private set; } = "";

    /// <summary>The master URL of the test cluster: k8s://https://127.0.0.1:PORT.</summary>
    public string Master { get; private set; } = "";

    public IKubernetes Admin { get; private set; } = null!;

    public string Kubectl => Path.Combine(Path.GetDirectoryName(Kubeconfig)!, "bin", "kubectl");

    public async Task InitializeAsync()
    {
        Kubeconfig = await TestControlPlane.UpAsync();
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfig);
        var config = KubernetesClients.LoadConfiguration(Kubeconfig);
        Master = "k8s://" + config.Host.TrimEnd('/');
        Admin = KubernetesClients.Create(config);
        var (built, buildOutput, buildErrors) = await TestControlPlane.RunAsync(Path.Combine(Root, "kiln"), "version");
        if (built != 0)
        {
            throw new InvalidOperationException($"./kiln (the kiln:dev image) does not build: {buildErrors}{buildOutput}");
        }
    }

    /// <summary>A fresh namespace whose default service account is ready.</summary>
    public async Task<string> NewNamespaceAsync(string hint)
    {
        var name = await TestControlPlane.NewNamespaceAsync(Admin, "kt", hint);
        _namespaces.Add(name);
        return name;
    }

    /// <summary>A configuration for a k8s:// session on the test cluster: what a user passes, plus small executors.</summary>
    public KilnConf Conf(string ns, int executors = 2) => new KilnConf()
        .Set(ConfigKeys.Master.Key, Master)
        .Set("spark.kubernetes.container.image", Image)
        .Set("spark.kubernetes.namespace", ns)
        .Set("spark.executor.instances", executors.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Set("spark.executor.memory", "512m")
        .Set("spark.executor.memoryOverhead", "256m")
        .Set("kiln.kubernetes.allocation.batch.delay", "200ms")
        .Set("kiln.kubernetes.executor.apiPollingInterval", "5s")
        .Set(ConfigKeys.ShufflePartitions.Key, "4");

    /// <summary>Kills the API server (SIGKILL) and starts it again with <c>scripts/k8s-test-cluster.sh up</c>, which restarts only what is down.</summary>
    public async Task RestartApiServerAsync()
    {
        var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(Kubeconfig)!, "pids", "kube-apiserver.pid")), System.Globalization.CultureInfo.InvariantCulture);
        using (var apiServer = Process.GetProcessById(pid))
        {
            apiServer.Kill();
            await apiServer.WaitForExitAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await TestControlPlane.UpAsync();
    }

    /// <summary>The pods of an application (executors), straight from the API server.</summary>
    public async Task<IList<V1Pod>> PodsOfAsync(string ns, string appId) =>
        (await Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"kiln-app-id={appId}")).Items;

    public async Task DisposeAsync()
    {
        await TestControlPlane.DeleteNamespacesAsync(Admin, _namespaces);
        Admin.Dispose();
    }
}
