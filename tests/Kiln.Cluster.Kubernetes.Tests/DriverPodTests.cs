using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Cluster.Kubernetes.Submission;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>
/// The cluster-mode driver pod and the objects made with it (headless Service, ConfigMap with the configuration):
/// approved snapshots of a minimal and a full configuration, and the rules each step keeps.
/// </summary>
public sealed class DriverPodTests
{
    private const string Volumes = "spark.kubernetes.driver.volumes";

    private static readonly (string Key, string Value)[] Everything =
    [
        ("spark.app.name", "Nightly ETL"),
        ("spark.kubernetes.namespace", "data"),
        ("spark.kubernetes.container.image.pullSecrets", "registry-creds"),
        ("spark.kubernetes.driver.container.image", "registry.example.com/kiln-driver:0.3"),
        ("spark.kubernetes.authenticate.driver.serviceAccountName", "kiln"),
        ("spark.driver.cores", "2"),
        ("spark.driver.memory", "2g"),
        ("spark.driver.memoryOverhead", "512m"),
        ("spark.kubernetes.driver.request.cores", "1500m"),
        ("spark.kubernetes.driver.limit.cores", "2"),
        ("spark.kubernetes.driver.label.team", "data"),
        ("spark.kubernetes.driver.annotation.example.com/owner", "etl-team"),
        ("spark.kubernetes.driverEnv.TZ", "UTC"),
        ("spark.kubernetes.node.selector.disktype", "ssd"),
        ("spark.kubernetes.driver.node.selector.pool", "control"),
        ("spark.kubernetes.driver.secrets.db-creds", "/etc/db"),
        ("spark.kubernetes.driver.secretKeyRef.DB_PASSWORD", "db-creds:password"),
        ($"{Volumes}.hostPath.input.mount.path", "/data"),
        ($"{Volumes}.hostPath.input.mount.readOnly", "true"),
        ($"{Volumes}.hostPath.input.options.path", "/mnt/data"),
    ];

    [Fact]
    public void Minimal() => Approvals.Verify("driver-minimal", Render(Build()));

    [Fact]
    public void Everything_set() => Approvals.Verify("driver-everything", Render(Build(Everything)));

    [Fact]
    public void The_driver_pod_carries_the_application_id_and_the_driver_role_and_the_service_selects_it()
    {
        var driver = Build();
        var labels = driver.Pod.Metadata.Labels;
        Assert.Equal(TestPods.AppId, labels[ExecutorPodLabels.AppId]);
        Assert.Equal("driver", labels[ExecutorPodLabels.Role]);
        var service = Assert.Single(driver.Resources.OfType<V1Service>());
        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, labels[kv.Key]));
        Assert.Equal([DriverPodOptions.RpcPort, DriverPodOptions.UiPort], service.Spec.Ports.Select(p => p.Port));
    }

    [Fact]
    public void The_configuration_goes_to_the_configmap_with_the_driver_address_and_the_pod_reads_it_from_there()
    {
        var driver = Build([("spark.sql.shuffle.partitions", "16")]);
        var map = Assert.Single(driver.Resources.OfType<V1ConfigMap>());
        var conf = PropertiesFile.Read(map.Data[DriverPodLabels.PropertiesFileName], "kiln.properties");
        Assert.Equal("16", conf["kiln.sql.shuffle.partitions"]);
        Assert.Equal($"{driver.Pod.Metadata.Name}-svc.default.svc", conf["kiln.driver.host"]);
        Assert.Equal("7078", conf["kiln.driver.port"]);
        var container = driver.Pod.Spec.Containers.Single();
        Assert.Equal(["driver", "--properties-file", DriverPodLabels.PropertiesFile, "local:///opt/app/App.dll", "in", "out"], container.Args);
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == DriverPodLabels.ConfDirectory);
        Assert.Equal(map.Metadata.Name, driver.Pod.Spec.Volumes.Single(v => v.Name == mount.Name).ConfigMap.Name);
    }

    [Fact]
    public void With_useDriverPodIP_executors_are_not_pointed_at_the_service()
    {
        var driver = Build([("spark.kubernetes.executor.useDriverPodIP", "true")]);
        Assert.DoesNotContain("kiln.driver.host", driver.Conf.Keys);
    }

    [Fact]
    public void A_dollar_in_an_application_argument_is_not_expanded_by_kubernetes()
    {
        var options = DriverPodOptions.FromConf(TestPods.Conf(), TestPods.AppId);
        var driver = new DriverPodBuilder(options).Build(new DriverPodContext(options, "local:///opt/app/App.dll", ["$(HOME)"]), new Dictionary<string, string>());
        Assert.Equal("$$(HOME)", driver.Container.Args[^1]);
    }

    [Fact]
    public void Memory_is_heap_plus_overhead_with_sparks_default_overhead()
    {
        var driver = Build([("spark.driver.memory", "4g")]);
        var resources = driver.Container.Resources;
        Assert.Equal(new ResourceQuantity("4505Mi"), resources.Limits["memory"]); // 4096 + max(384, 0.1 × 4096 = 409)
        Assert.Equal(resources.Limits["memory"], resources.Requests["memory"]);
        Assert.Equal(new ResourceQuantity("1"), resources.Requests["cpu"]);
    }

    [Fact]
    public void A_template_keeps_its_fields_and_its_named_container_runs_the_driver()
    {
        using var template = new TempFile("driver.yaml", """
            apiVersion: v1
            kind: Pod
            spec:
              priorityClassName: high
              containers:
              - name: sidecar
                image: busybox
              - name: main
                image: placeholder
            """);
        var driver = Build([("spark.kubernetes.driver.podTemplateFile", template.Path), ("spark.kubernetes.driver.podTemplateContainerName", "main")]);
        Assert.Equal("high", driver.Pod.Spec.PriorityClassName);
        Assert.Equal(["sidecar", "main"], driver.Pod.Spec.Containers.Select(c => c.Name));
        Assert.Equal(TestPods.Image, driver.Pod.Spec.Containers[1].Image);
        Assert.Equal("busybox", driver.Pod.Spec.Containers[0].Image);
    }

    [Fact]
    public void No_image_says_which_key_to_set()
    {
        var e = Assert.Throws<ConfigException>(() => DriverPodOptions.FromConf(new Common.Config.KilnConf(), TestPods.AppId));
        Assert.Contains("spark.kubernetes.container.image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_on_demand_claim_for_the_driver_is_refused_naming_its_key()
    {
        var e = Assert.Throws<ConfigException>(() => DriverPodOptions.FromConf(
            TestPods.Conf(($"{Volumes}.persistentVolumeClaim.data.mount.path", "/data"), ($"{Volumes}.persistentVolumeClaim.data.options.claimName", "OnDemand"), ($"{Volumes}.persistentVolumeClaim.data.options.sizeLimit", "1Gi")),
            TestPods.AppId));
        Assert.Contains("kiln.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_driver_volume_error_names_the_driver_key()
    {
        var e = Assert.Throws<ConfigException>(() => DriverPodOptions.FromConf(TestPods.Conf(($"{Volumes}.hostPath.input.mount.path", "/data")), TestPods.AppId));
        Assert.Contains("kiln.kubernetes.driver.volumes.hostPath.input.options.path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Properties_round_trip_values_with_line_breaks_backslashes_and_equals_signs()
    {
        var settings = new Dictionary<string, string> { ["a"] = "x=y", ["b"] = "line1\nline2\r\\end", ["c"] = "" };
        Assert.Equal(settings, PropertiesFile.Read(PropertiesFile.Write(settings), "test"));
    }

    [Fact]
    public void A_properties_line_without_a_key_names_its_line()
    {
        var e = Assert.Throws<FormatException>(() => PropertiesFile.Read("a=1\nnot a setting\n", "kiln.properties"));
        Assert.Contains("kiln.properties, line 2", e.Message, StringComparison.Ordinal);
    }

    private static DriverPod Build(params (string Key, string Value)[] settings)
    {
        var conf = TestPods.Conf(settings);
        var options = DriverPodOptions.FromConf(conf, TestPods.AppId);
        return new DriverPodBuilder(options).Build(new DriverPodContext(options, "local:///opt/app/App.dll", ["in", "out"]), conf.Values);
    }

    /// <summary>The pod, then each object made with it, as YAML documents.</summary>
    private static string Render(DriverPod driver) =>
        string.Join("---\n", driver.Resources.Select(r => KubernetesYaml.Serialize(r)).Prepend(KubernetesYaml.Serialize(driver.Pod)).Select(d => d.ReplaceLineEndings("\n").TrimEnd('\n') + "\n"));
}
