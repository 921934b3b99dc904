using k8s;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Network;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class AuthSecretFeatureStepTests
{
    private static readonly AuthSecretFeatureStep Step = new();

    [Fact]
    public void The_rpc_secret_comes_from_the_applications_secret_and_its_value_is_nowhere_in_the_pod()
    {
        var options = TestPods.Options();
        var secret = NetworkSecret.FromText("do-not-leak-this-secret-0123456789");

        var pod = TestPods.Apply(Step, options, TestPods.Context(options, secret: secret));

        var variable = pod.Container.Env("KILN_AUTH_SECRET");
        Assert.Null(variable.Value);
        Assert.Equal(($"{options.PodNamePrefix}-auth", "auth-secret"), (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key));
        Assert.DoesNotContain(secret.Text, KubernetesYaml.Serialize(pod.Pod), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_tls_nothing_is_mounted()
    {
        var pod = TestPods.Apply(Step, TestPods.Options());

        Assert.Null(pod.Pod.Spec.Volumes);
        Assert.Null(pod.Container.VolumeMounts);
    }

    [Fact]
    public void With_tls_the_secrets_files_are_mounted_read_only_and_named_in_the_arguments()
    {
        var options = TestPods.Options();
        var tls = new ExecutorTlsMaterial([1], [2], [3]);

        var pod = TestPods.Apply(Step, options, TestPods.Context(options, tls: tls));

        var volume = pod.Volume("kiln-tls");
        Assert.Equal($"{options.PodNamePrefix}-auth", volume.Secret.SecretName);
        Assert.Equal(["tls.crt", "tls.key", "trust.crt"], volume.Secret.Items.Select(i => i.Key));
        var mount = pod.Mount("kiln-tls");
        Assert.Equal(("/opt/kiln/tls", true), (mount.MountPath, mount.ReadOnlyProperty));
        Assert.Equal(
            [
                "--conf", "kiln.network.tls.certFile=/opt/kiln/tls/tls.crt",
                "--conf", "kiln.network.tls.keyFile=/opt/kiln/tls/tls.key",
                "--conf", "kiln.network.tls.trustFile=/opt/kiln/tls/trust.crt",
            ],
            pod.Container.Args);
    }
}
