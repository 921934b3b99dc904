using k8s;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Network;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>
/// The final executor pod of representative configurations, as YAML, against approved snapshots (Approved/*.yaml).
/// Everything that varies between runs (application id, executor id, driver address, RPC secret) is fixed by
/// <see cref="TestPods"/>; the fold itself puts no random value or time into a pod.
/// </summary>
public sealed class ExecutorPodSnapshotTests
{
    private const string Volumes = "spark.kubernetes.executor.volumes";

    public static readonly (string Key, string Value)[] Everything =
    [
        ("spark.app.name", "Nightly ETL"),
        ("spark.kubernetes.namespace", "data"),
        ("spark.kubernetes.container.image.pullPolicy", "Always"),
        ("spark.kubernetes.container.image.pullSecrets", "registry-creds"),
        ("spark.kubernetes.authenticate.executor.serviceAccountName", "kiln-executor"),
        ("spark.executor.cores", "4"),
        ("spark.executor.memory", "8g"),
        ("spark.kubernetes.executor.request.cores", "3500m"),
        ("spark.kubernetes.executor.limit.cores", "4"),
        ("spark.executor.resource.gpu.amount", "1"),
        ("spark.executor.resource.gpu.vendor", "nvidia.com"),
        ("spark.kubernetes.executor.label.team", "data"),
        ("spark.kubernetes.executor.annotation.example.com/owner", "etl-team"),
        ("spark.executorEnv.TZ", "UTC"),
        ("spark.kubernetes.node.selector.disktype", "ssd"),
        ("spark.kubernetes.executor.node.selector.pool", "batch"),
        ("spark.kubernetes.executor.scheduler.name", "volcano"),
        ("spark.kubernetes.driver.pod.name", "nightly-etl-driver"),
        ("spark.decommission.enabled", "true"),
        ("spark.executor.decommission.forceKillTimeout", "90s"),
        ("spark.kubernetes.executor.secrets.db-creds", "/etc/db"),
        ("spark.kubernetes.executor.secretKeyRef.DB_PASSWORD", "db-creds:password"),
        ($"{Volumes}.hostPath.reference.mount.path", "/reference"),
        ($"{Volumes}.hostPath.reference.mount.readOnly", "true"),
        ($"{Volumes}.hostPath.reference.options.path", "/mnt/reference"),
        ($"{Volumes}.emptyDir.scratch.mount.path", "/scratch"),
        ($"{Volumes}.emptyDir.scratch.options.sizeLimit", "5Gi"),
        ($"{Volumes}.persistentVolumeClaim.spark-local-dir-1.mount.path", "/spill"),
        ($"{Volumes}.persistentVolumeClaim.spark-local-dir-1.options.claimName", "OnDemand"),
        ($"{Volumes}.persistentVolumeClaim.spark-local-dir-1.options.storageClass", "fast-ssd"),
        ($"{Volumes}.persistentVolumeClaim.spark-local-dir-1.options.sizeLimit", "100Gi"),
        ($"{Volumes}.nfs.shared.mount.path", "/shared"),
        ($"{Volumes}.nfs.shared.mount.subPath", "etl"),
        ($"{Volumes}.nfs.shared.options.path", "/exports"),
        ($"{Volumes}.nfs.shared.options.server", "nfs.example.com"),
    ];

    [Fact]
    public void Minimal() => Approvals.Verify("minimal", Render(TestPods.Build(TestPods.Options())));

    [Fact]
    public void Everything_set()
    {
        var options = TestPods.Options(Everything);
        var owner = OwnerReferenceFeatureStep.DriverOwner(new k8s.Models.V1Pod { Metadata = new() { Name = "nightly-etl-driver", Uid = "6f1c2a9e-0000-4000-8000-00000000d71f" } });

        Approvals.Verify("everything", Render(TestPods.Build(options, executorId: "3", owner: owner)));
    }

    [Fact]
    public void With_a_rich_template() =>
        Approvals.Verify("rich-template", Render(TestPods.Build(TestPods.Options(
            ("spark.kubernetes.executor.podTemplateFile", TestPods.Template("rich.yaml")),
            ("spark.kubernetes.executor.podTemplateContainerName", "executor"),
            ("spark.kubernetes.local.dirs.tmpfs", "true")))));

    [Fact]
    public void Two_builds_with_different_secrets_render_the_same_pod_without_either_secret()
    {
        var options = TestPods.Options(Everything);
        var first = NetworkSecret.Generate();
        var second = NetworkSecret.Generate();
        var builder = new ExecutorPodBuilder(options);

        var one = Render(builder.Build(TestPods.Context(options, secret: first)));
        var two = Render(new ExecutorPodBuilder(options).Build(TestPods.Context(options, secret: second)));

        Assert.Equal(one, two);
        Assert.DoesNotContain(first.Text, one, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Text, two, StringComparison.Ordinal);
    }

    /// <summary>The pod, then each on-demand claim made with it, as YAML documents.</summary>
    private static string Render(ExecutorPod pod) =>
        string.Join("---\n", pod.OnDemandClaims.Select(c => KubernetesYaml.Serialize(c)).Prepend(KubernetesYaml.Serialize(pod.Pod)).Select(d => d.ReplaceLineEndings("\n").TrimEnd('\n') + "\n"));
}
