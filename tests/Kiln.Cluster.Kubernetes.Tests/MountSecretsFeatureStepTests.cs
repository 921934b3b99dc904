using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class MountSecretsFeatureStepTests
{
    private static readonly MountSecretsFeatureStep Step = new();

    [Fact]
    public void Each_secret_is_a_volume_named_after_it_mounted_at_its_path()
    {
        var pod = TestPods.Apply(Step, TestPods.Options(("spark.kubernetes.executor.secrets.db-creds", "/etc/db"), ("kiln.kubernetes.executor.secrets.api-token", "/etc/api")));

        Assert.Equal("db-creds", pod.Volume("db-creds-volume").Secret.SecretName);
        Assert.Equal("/etc/db", pod.Mount("db-creds-volume").MountPath);
        Assert.Equal("api-token", pod.Volume("api-token-volume").Secret.SecretName);
        Assert.Equal("/etc/api", pod.Mount("api-token-volume").MountPath);
    }

    [Fact]
    public void Without_secrets_nothing_is_mounted()
    {
        var pod = TestPods.Apply(Step, TestPods.Options());

        Assert.Null(pod.Pod.Spec.Volumes);
    }
}
