using System.Diagnostics;
using k8s;
using k8s.Models;
using Kiln.Common.Config;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// The real test control plane (<c>scripts/k8s-test-cluster.sh up</c>, started or reused once per run), with the image
/// <c>kiln:dev</c> running this checkout's <c>./kiln</c>, which is built here first so that executor pods start at once.
/// Each test class gets its own namespace. A cluster that cannot start fails every test with the reason; never skipped.
/// </summary>
public sealed class PodCluster : IAsyncLifetime
{
    public const string Image = "kiln:dev";

    public string Root { get; } = FindRoot();

    public string Kubeconfig { get; private set; } = "";

    /// <summary>The master URL of the test cluster: k8s://https://127.0.0.1:PORT.</summary>
    public string Master { get; private set; } = "";

    public IKubernetes Admin { get; private set; } = null!;

    public string Kubectl => Path.Combine(Path.GetDirectoryName(Kubeconfig)!, "bin", "kubectl");

    public async Task InitializeAsync()
    {
        var (code, output) = await RunAsync("bash", Path.Combine(Root, "scripts", "k8s-test-cluster.sh"), "up");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (code != 0 || last is null || !File.Exists(last))
        {
            throw new InvalidOperationException($"the Kubernetes test cluster did not start (exit code {code}): {string.Join(" | ", output.Split('\n').TakeLast(15))}");
        }

        Kubeconfig = last;
        Environment.SetEnvironmentVariable("KUBECONFIG", Kubeconfig);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig);
        Master = "k8s://" + config.Host.TrimEnd('/');
        Admin = new k8s.Kubernetes(config);
        var (built, buildOutput) = await RunAsync(Path.Combine(Root, "kiln"), "version");
        if (built != 0)
        {
            throw new InvalidOperationException($"./kiln (the kiln:dev image) does not build: {buildOutput}");
        }
    }

    /// <summary>A fresh namespace whose default service account is ready.</summary>
    public async Task<string> NewNamespaceAsync(string hint)
    {
        var name = $"kt-{new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}-{Guid.NewGuid().ToString("N")[..6]}";
        await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        await Eventually.TrueAsync(
            async () => (await Admin.CoreV1.ReadNamespacedServiceAccountAsync("default", name)).Secrets?.Count > 0,
            TimeSpan.FromSeconds(60),
            $"the default service account of {name}");
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
        var (code, output) = await RunAsync("bash", Path.Combine(Root, "scripts", "k8s-test-cluster.sh"), "up");
        if (code != 0)
        {
            throw new InvalidOperationException($"the API server did not come back: {output}");
        }
    }

    /// <summary>The pods of an application (executors), straight from the API server.</summary>
    public async Task<IList<V1Pod>> PodsOfAsync(string ns, string appId) =>
        (await Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"kiln-app-id={appId}")).Items;

    public Task DisposeAsync()
    {
        (Admin as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stderr + await stdout);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "k8s-test-cluster.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root with scripts/k8s-test-cluster.sh above {AppContext.BaseDirectory}");
    }
}
