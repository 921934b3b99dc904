using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class LocalDirsFeatureStepTests
{
    private static readonly LocalDirsFeatureStep Step = new();

    [Fact]
    public void Without_a_local_dir_volume_an_empty_dir_is_mounted_and_named_in_the_environment()
    {
        var pod = TestPods.Apply(Step, TestPods.Options());

        Assert.Null(pod.Volume("kiln-local-dir-1").EmptyDir.Medium);
        Assert.Equal("/var/data/kiln-local-dir-1", pod.Mount("kiln-local-dir-1").MountPath);
        Assert.Equal("/var/data/kiln-local-dir-1", pod.Container.Env("KILN_LOCAL_DIRS").Value);
        Assert.Equal("/var/data/kiln-local-dir-1", pod.LocalDir);
    }

    [Fact]
    public void With_tmpfs_the_empty_dir_is_memory_backed()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(("spark.kubernetes.local.dirs.tmpfs", "true")));

        Assert.Equal("Memory", pod.Volume("kiln-local-dir-1").EmptyDir.Medium);
    }

    [Theory]
    [InlineData("spark-local-dir-1")]
    [InlineData("kiln-local-dir-fast")]
    public void A_configured_volume_named_as_a_local_dir_becomes_the_local_dir(string name)
    {
        var options = TestPods.Options(
            ($"spark.kubernetes.executor.volumes.hostPath.{name}.mount.path", "/mnt/fast"),
            ($"spark.kubernetes.executor.volumes.hostPath.{name}.options.path", "/mnt/nvme0"));

        var pod = TestPods.Build(options);

        Assert.Equal([name], pod.Pod.Spec.Volumes.Where(v => v.Name.Contains("local-dir", StringComparison.Ordinal)).Select(v => v.Name));
        Assert.Equal("/mnt/fast", pod.Container.Env("KILN_LOCAL_DIRS").Value);
        Assert.Equal("/mnt/fast", pod.LocalDir);
    }

    [Fact]
    public void A_templates_local_dir_mount_is_used_as_it_is()
    {
        var container = new V1Container { Name = "kiln-executor", VolumeMounts = [new V1VolumeMount { Name = "spark-local-dir-x", MountPath = "/local" }] };
        var template = new V1Pod
        {
            Metadata = new V1ObjectMeta(),
            Spec = new V1PodSpec { Containers = [container], Volumes = [new V1Volume { Name = "spark-local-dir-x", HostPath = new V1HostPathVolumeSource { Path = "/ssd" } }] },
        };

        var pod = Step.Configure(new ExecutorPod(template, container, []), TestPods.Context(TestPods.Options(("spark.kubernetes.local.dirs.tmpfs", "true"))));

        Assert.Equal("/ssd", Assert.Single(pod.Pod.Spec.Volumes).HostPath.Path);
        Assert.Equal("/local", pod.Container.Env("KILN_LOCAL_DIRS").Value);
    }
}
