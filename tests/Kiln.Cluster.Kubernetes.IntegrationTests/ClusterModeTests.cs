using k8s;
using k8s.Models;
using Kiln.Testing;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// Cluster mode on the real control plane, through the real <c>./kiln</c> command: <c>kiln submit --deploy-mode
/// cluster</c> creates the driver pod (running <c>kiln driver</c> in image kiln:dev) with its Service and ConfigMap, the
/// driver creates executor pods as its service account, and <c>kiln status|logs|list|kill</c> find it. The test cluster
/// has no DNS for Services, so executors reach the driver at its pod IP (<c>useDriverPodIP</c>).
/// </summary>
[Collection(PodClusterCollection.Name)]
public sealed partial class ClusterModeTests(PodCluster cluster)
{
    private static string Example(string name) => $"local:///examples/Kiln.Examples.{name}/bin/Debug/net10.0/Kiln.Examples.{name}.dll";

    [Fact]
    public async Task Pi_in_cluster_mode_prints_what_it_prints_locally_and_leaves_only_the_finished_driver()
    {
        var ns = await NamespaceWithDriverAccountAsync("pi");
        var (code, output, errors) = await KilnAsync(Submit(ns, "pi", Example("Pi"), "3"));
        Assert.True(code == 0, $"kiln submit exited with {code}:\n{errors}\n{output}");
        Assert.Contains($"{ns}/pi-", errors, StringComparison.Ordinal);
        Assert.Contains("phase Running", errors, StringComparison.Ordinal);
        Assert.Contains("succeeded", errors, StringComparison.Ordinal);

        var driver = Assert.Single((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items);
        Assert.Equal("Succeeded", driver.Status.Phase);
        var appId = driver.Metadata.Labels["kiln-app-id"];
        var (logCode, log, logErrors) = await KilnAsync("logs", $"{ns}:{driver.Metadata.Name}");
        Assert.True(logCode == 0, logErrors);
        var (_, local, _) = await KilnAsync("submit", "--master", "local[2]", LocalPath(Example("Pi")), "3");
        Assert.Contains(local.Trim(), log, StringComparison.Ordinal);

        await Eventually.TrueAsync(
            async () => (await cluster.PodsOfAsync(ns, appId)).All(p => p.Metadata.Labels["kiln-role"] == "driver"), TimeSpan.FromSeconds(60), "the executor pods to be deleted");
        var service = await cluster.Admin.CoreV1.ReadNamespacedServiceAsync(driver.Metadata.Name + "-svc", ns);
        Assert.Equal(driver.Metadata.Uid, Assert.Single(service.Metadata.OwnerReferences).Uid);
        var map = await cluster.Admin.CoreV1.ReadNamespacedConfigMapAsync(driver.Metadata.Name + "-conf", ns);
        Assert.Equal(driver.Metadata.Uid, Assert.Single(map.Metadata.OwnerReferences).Uid);

        var (_, status, _) = await KilnAsync("status", $"{ns}:pi-*");
        Assert.Contains("phase: Succeeded", status, StringComparison.Ordinal);
        Assert.Contains($"application id: {appId}", status, StringComparison.Ordinal);
        var (_, list, _) = await KilnAsync("list", ns);
        Assert.Contains($"{ns}:{driver.Metadata.Name}", list, StringComparison.Ordinal);
        Assert.Contains("Succeeded", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_a_running_application_removes_its_driver_executors_service_configmap_and_secret()
    {
        var ns = await NamespaceWithDriverAccountAsync("kill");
        var (code, _, errors) = await KilnAsync(Submit(ns, "sorter", Example("LargeSort"), ["--conf", "kiln.kubernetes.submission.waitAppCompletion=false"], "3000000", "/tmp/kiln-cluster-mode-sort-" + ns));
        Assert.True(code == 0, errors);
        var driverName = (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items.Single().Metadata.Name;
        await Eventually.TrueAsync(
            async () => (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=executor")).Items.Any(p => p.Status.Phase == "Running"),
            TimeSpan.FromMinutes(2),
            "an executor pod to run");

        var (killCode, killOutput, killErrors) = await KilnAsync("kill", $"{ns}:sorter-*", "--grace-period", "0");
        Assert.True(killCode == 0, killErrors);
        Assert.Contains(driverName, killOutput, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, TimeSpan.FromMinutes(1), "every pod to be gone");
        await Eventually.TrueAsync(
            async () => (await cluster.Admin.CoreV1.ListNamespacedServiceAsync(ns)).Items.Count == 0
                && (await cluster.Admin.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "kiln-app-id")).Items.Count == 0
                && (await cluster.Admin.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: "kiln-app-id")).Items.Count == 0,
            TimeSpan.FromMinutes(1),
            "the Service, ConfigMap and Secret to be garbage-collected with the driver pod");
    }

    [Fact]
    public async Task Without_an_image_nothing_is_created_and_the_message_names_the_key()
    {
        var ns = await cluster.NewNamespaceAsync("noimage");
        var (code, _, errors) = await KilnAsync("submit", "--master", cluster.Master, "--deploy-mode", "cluster", "--conf", $"spark.kubernetes.namespace={ns}", Example("Pi"));
        Assert.Equal(2, code);
        Assert.Contains("spark.kubernetes.container.image", errors, StringComparison.Ordinal);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task An_unknown_namespace_is_named_with_how_to_create_it()
    {
        var (code, _, errors) = await KilnAsync(Submit("kiln-no-such-namespace", "pi", Example("Pi")));
        Assert.Equal(2, code);
        Assert.Contains("kubectl create namespace kiln-no-such-namespace", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_local_application_without_an_upload_path_says_how_to_get_it_to_the_pods()
    {
        var ns = await cluster.NewNamespaceAsync("nolocal");
        var (code, _, errors) = await KilnAsync(Submit(ns, "pi", LocalPath(Example("Pi"))));
        Assert.Equal(2, code);
        Assert.Contains("kiln.kubernetes.file.upload.path", errors, StringComparison.Ordinal);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task A_missing_service_account_is_refused_before_anything_is_created()
    {
        var ns = await cluster.NewNamespaceAsync("nosa");
        var (code, _, errors) = await KilnAsync(Submit(ns, "pi", Example("Pi")));
        Assert.NotEqual(0, code);
        Assert.Contains("service account", errors, StringComparison.Ordinal);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task A_local_application_is_uploaded_through_the_upload_path_and_word_count_reads_its_input_from_a_volume()
    {
        var ns = await NamespaceWithDriverAccountAsync("upload");
        var shared = Directory.CreateTempSubdirectory("kiln-upload-").FullName;
        var input = Path.Combine(shared, "words.txt");
        await File.WriteAllTextAsync(input, "the quick brown fox\njumps over the lazy dog\nThe End\n");
        string[] volume =
        [
            "--conf", $"kiln.kubernetes.file.upload.path={shared}",
            "--conf", $"spark.kubernetes.driver.volumes.hostPath.shared.mount.path={shared}",
            "--conf", $"spark.kubernetes.driver.volumes.hostPath.shared.options.path={shared}",
            "--conf", $"spark.kubernetes.executor.volumes.hostPath.shared.mount.path={shared}",
            "--conf", $"spark.kubernetes.executor.volumes.hostPath.shared.options.path={shared}",
        ];
        try
        {
            var (code, output, errors) = await KilnAsync(Submit(ns, "words", LocalPath(Example("WordCount")), volume, input, "--top", "2"));
            Assert.True(code == 0, $"kiln submit exited with {code}:\n{errors}\n{output}");
            var driver = Assert.Single((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items);
            Assert.StartsWith(shared, driver.Spec.Containers[0].Args[3], StringComparison.Ordinal);
            var (_, log, _) = await KilnAsync("logs", $"{ns}:{driver.Metadata.Name}");
            Assert.Contains("       3 the\n       1 brown", log.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            Assert.Empty(Directory.GetDirectories(shared, "*.partial"));
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
        }
    }

    [Fact]
    public async Task LargeSort_in_cluster_mode_sorts_every_row_into_the_same_order_as_locally()
    {
        var ns = await NamespaceWithDriverAccountAsync("sort");
        var shared = Directory.CreateTempSubdirectory("kiln-sort-").FullName;
        var local = Directory.CreateTempSubdirectory("kiln-sort-local-").FullName;
        string[] volume =
        [
            "--conf", $"spark.kubernetes.driver.volumes.hostPath.work.mount.path={shared}",
            "--conf", $"spark.kubernetes.driver.volumes.hostPath.work.options.path={shared}",
            "--conf", $"spark.kubernetes.executor.volumes.hostPath.work.mount.path={shared}",
            "--conf", $"spark.kubernetes.executor.volumes.hostPath.work.options.path={shared}",
        ];
        try
        {
            var (code, output, errors) = await KilnAsync(Submit(ns, "sort", Example("LargeSort"), volume, "200000", shared));
            Assert.True(code == 0, $"kiln submit exited with {code}:\n{errors}\n{output}");
            var driver = Assert.Single((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items);
            var (_, log, _) = await KilnAsync("logs", $"{ns}:{driver.Metadata.Name}");
            var (localCode, localOutput, localErrors) = await KilnAsync("submit", "--master", "local-cluster[2,1,1024]", LocalPath(Example("LargeSort")), "200000", local);
            Assert.True(localCode == 0, localErrors);

            // "sorted N of N rows into F files in Ts; keys in order, checksum C": the same rows, order and checksum.
            static string Verdict(string text) => System.Text.RegularExpressions.Regex.Match(text, @"sorted (\d+) of (\d+) rows .*checksum ([0-9a-f]{16})") is { Success: true } m
                ? $"{m.Groups[1].Value}/{m.Groups[2].Value} {m.Groups[3].Value}"
                : "no result line in: " + text;
            Assert.Equal(Verdict(localOutput), Verdict(log));
            Assert.StartsWith("200000/200000 ", Verdict(log), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(shared, recursive: true);
            Directory.Delete(local, recursive: true);
        }
    }

    private string[] Submit(string ns, string name, string app, params string[] appArgs) => Submit(ns, name, app, [], appArgs);

    private string[] Submit(string ns, string name, string app, string[] extra, params string[] appArgs) =>
    [
        "submit", "--master", cluster.Master, "--deploy-mode", "cluster", "--name", name,
        "--conf", $"spark.kubernetes.container.image={PodCluster.Image}",
        "--conf", $"spark.kubernetes.namespace={ns}",
        "--conf", "spark.kubernetes.authenticate.driver.serviceAccountName=kiln",
        "--conf", "spark.kubernetes.executor.useDriverPodIP=true",
        "--conf", "spark.executor.instances=2",
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.memoryOverhead=256m",
        "--conf", "spark.driver.memory=512m",
        "--conf", "spark.kubernetes.driver.request.cores=100m",
        "--conf", "spark.kubernetes.executor.request.cores=100m",
        "--conf", "kiln.kubernetes.allocation.batch.delay=200ms",
        "--conf", "kiln.kubernetes.report.interval=5s",
        .. extra,
        app,
        .. appArgs,
    ];

    private static string LocalPath(string app) => Path.Combine(TestControlPlane.RepositoryRoot, app["local:///".Length..]);

    private Task<(int Code, string Output, string Errors)> KilnAsync(params string[] args) => TestControlPlane.RunAsync(Path.Combine(cluster.Root, "kiln"), args);

    /// <summary>
    /// A namespace with the service account <c>kiln</c> and the Role and RoleBinding a driver needs, exactly as
    /// deploy/kubernetes defines them (serviceaccount.yaml, role.yaml, rolebinding.yaml, moved to this namespace).
    /// </summary>
    private async Task<string> NamespaceWithDriverAccountAsync(string hint)
    {
        var ns = await cluster.NewNamespaceAsync(hint);
        foreach (var file in new[] { "serviceaccount.yaml", "role.yaml", "rolebinding.yaml" })
        {
            foreach (var resource in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(Path.Combine(TestControlPlane.RepositoryRoot, "deploy", "kubernetes", file))))
            {
                switch (resource)
                {
                    case V1ServiceAccount account:
                        account.Metadata.NamespaceProperty = ns;
                        await cluster.Admin.CoreV1.CreateNamespacedServiceAccountAsync(account, ns);
                        break;
                    case V1Role role:
                        role.Metadata.NamespaceProperty = ns;
                        await cluster.Admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, ns);
                        break;
                    case V1RoleBinding binding:
                        binding.Metadata.NamespaceProperty = ns;
                        foreach (var subject in binding.Subjects)
                        {
                            subject.NamespaceProperty = ns;
                        }

                        await cluster.Admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, ns);
                        break;
                    default:
                        throw new InvalidOperationException($"deploy/kubernetes/{file} holds a {resource.GetType().Name}, which this helper does not apply");
                }
            }
        }

        await Eventually.TrueAsync(
            async () => (await cluster.Admin.CoreV1.ReadNamespacedServiceAccountAsync("kiln", ns)).Secrets?.Count > 0, TimeSpan.FromSeconds(30), "the kiln service account's token");
        return ns;
    }
}
