using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class MountVolumesFeatureStepTests
{
    private const string Volumes = "spark.kubernetes.executor.volumes";

    private static readonly MountVolumesFeatureStep Step = new();

    [Fact]
    public void A_host_path_is_mounted_with_its_type_read_only_and_sub_path()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(
            ($"{Volumes}.hostPath.data.mount.path", "/data"),
            ($"{Volumes}.hostPath.data.mount.readOnly", "true"),
            ($"{Volumes}.hostPath.data.mount.subPath", "2026"),
            ($"{Volumes}.hostPath.data.options.path", "/mnt/disks/data"),
            ($"{Volumes}.hostPath.data.options.type", "Directory")));

        var volume = pod.Volume("data");
        Assert.Equal(("/mnt/disks/data", "Directory"), (volume.HostPath.Path, volume.HostPath.Type));
        var mount = pod.Mount("data");
        Assert.Equal(("/data", true, "2026"), (mount.MountPath, mount.ReadOnlyProperty, mount.SubPath));
    }

    [Fact]
    public void A_writable_mount_without_a_sub_path_says_neither()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(($"{Volumes}.emptyDir.scratch.mount.path", "/scratch")));

        var mount = pod.Mount("scratch");
        Assert.Null(mount.ReadOnlyProperty);
        Assert.Null(mount.SubPath);
        Assert.Null(pod.Volume("scratch").EmptyDir.Medium);
    }

    [Fact]
    public void An_empty_dir_gets_its_medium_and_size_limit()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(
            ($"{Volumes}.emptyDir.scratch.mount.path", "/scratch"),
            ($"{Volumes}.emptyDir.scratch.options.medium", "Memory"),
            ($"{Volumes}.emptyDir.scratch.options.sizeLimit", "1Gi")));

        var emptyDir = pod.Volume("scratch").EmptyDir;
        Assert.Equal(("Memory", "1Gi"), (emptyDir.Medium, emptyDir.SizeLimit.ToString()));
    }

    [Fact]
    public void An_existing_claim_is_mounted_by_name_and_read_only_in_both_the_source_and_the_mount()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(
            ($"{Volumes}.persistentVolumeClaim.ref.mount.path", "/ref"),
            ($"{Volumes}.persistentVolumeClaim.ref.mount.readOnly", "true"),
            ($"{Volumes}.persistentVolumeClaim.ref.options.claimName", "reference-data")));

        var claim = pod.Volume("ref").PersistentVolumeClaim;
        Assert.Equal(("reference-data", true), (claim.ClaimName, claim.ReadOnlyProperty));
        Assert.True(pod.Mount("ref").ReadOnlyProperty);
        Assert.Empty(pod.OnDemandClaims);
    }

    [Fact]
    public void An_on_demand_claim_is_made_for_the_executor_and_its_volume_refers_to_it()
    {
        var options = TestPods.Options(
            ("spark.kubernetes.namespace", "data"),
            ("spark.kubernetes.executor.podNamePrefix", "etl"),
            ($"{Volumes}.persistentVolumeClaim.spill.mount.path", "/spill"),
            ($"{Volumes}.persistentVolumeClaim.spill.options.claimName", "OnDemand"),
            ($"{Volumes}.persistentVolumeClaim.spill.options.storageClass", "fast-ssd"),
            ($"{Volumes}.persistentVolumeClaim.spill.options.sizeLimit", "50Gi"));

        var pod = TestPods.Apply(Step, options, TestPods.Context(options, executorId: "4"));

        var claim = Assert.Single(pod.OnDemandClaims);
        Assert.Equal(("v1", "PersistentVolumeClaim", "etl-exec-4-pvc-0", "data"), (claim.ApiVersion, claim.Kind, claim.Metadata.Name, claim.Metadata.NamespaceProperty));
        Assert.Equal(new Dictionary<string, string> { ["kiln-app-id"] = TestPods.AppId, ["kiln-exec-id"] = "4" }, claim.Metadata.Labels);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal(("fast-ssd", "50Gi"), (claim.Spec.StorageClassName, claim.Spec.Resources.Requests["storage"].ToString()));
        Assert.Equal("etl-exec-4-pvc-0", pod.Volume("spill").PersistentVolumeClaim.ClaimName);
    }

    [Fact]
    public void Each_executor_gets_claims_of_its_own()
    {
        var options = TestPods.Options(
            ($"{Volumes}.persistentVolumeClaim.a.mount.path", "/a"),
            ($"{Volumes}.persistentVolumeClaim.a.options.claimName", "OnDemand"),
            ($"{Volumes}.persistentVolumeClaim.a.options.sizeLimit", "1Gi"),
            ($"{Volumes}.persistentVolumeClaim.b.mount.path", "/b"),
            ($"{Volumes}.persistentVolumeClaim.b.options.claimName", "OnDemand"),
            ($"{Volumes}.persistentVolumeClaim.b.options.sizeLimit", "2Gi"));
        var prefix = options.PodNamePrefix;

        var first = TestPods.Apply(Step, options, TestPods.Context(options, executorId: "1"));
        var second = TestPods.Apply(Step, options, TestPods.Context(options, executorId: "2"));

        Assert.Equal([$"{prefix}-exec-1-pvc-0", $"{prefix}-exec-1-pvc-1"], first.OnDemandClaims.Select(c => c.Metadata.Name));
        Assert.Equal([$"{prefix}-exec-2-pvc-0", $"{prefix}-exec-2-pvc-1"], second.OnDemandClaims.Select(c => c.Metadata.Name));
        Assert.Null(first.OnDemandClaims[0].Spec.StorageClassName);
    }

    [Fact]
    public void An_nfs_export_is_mounted_from_its_server()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(
            ($"{Volumes}.nfs.shared.mount.path", "/shared"),
            ($"{Volumes}.nfs.shared.options.path", "/exports/shared"),
            ($"{Volumes}.nfs.shared.options.server", "nfs.example.com"),
            ($"{Volumes}.nfs.shared.options.readOnly", "true")));

        var nfs = pod.Volume("shared").Nfs;
        Assert.Equal(("/exports/shared", "nfs.example.com", true), (nfs.Path, nfs.Server, nfs.ReadOnlyProperty));
    }

    [Fact]
    public void Volumes_are_added_in_a_stable_order_whatever_order_they_were_set_in()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(
            ($"{Volumes}.hostPath.zeta.mount.path", "/z"),
            ($"{Volumes}.hostPath.zeta.options.path", "/mnt/z"),
            ($"{Volumes}.emptyDir.alpha.mount.path", "/a")));

        Assert.Equal(["alpha", "zeta"], pod.Pod.Spec.Volumes.Select(v => v.Name));
        Assert.Equal(["/a", "/z"], pod.Container.VolumeMounts.Select(m => m.MountPath));
    }
}
