using k8s.Models;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;
using Kiln.Network;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>
/// Builds executor pods the way the launcher does, from a <see cref="KilnConf"/>, with every value that would vary
/// between runs fixed: the application id, the executor id, the driver address and the RPC secret.
/// </summary>
internal static class TestPods
{
    public const string AppId = "app-20261207095700-1a2b3c4d";

    public const string Image = "registry.example.com/kiln:0.2";

    /// <summary>The settings of the executor launch that every test pod is built for.</summary>
    public static readonly IReadOnlyDictionary<string, string> LaunchConf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kiln.network.timeout"] = "120s",
    };

    /// <summary>A configuration with only what a k8s:// application needs: the image.</summary>
    public static KilnConf Conf(params (string Key, string Value)[] settings)
    {
        var conf = new KilnConf().Set("spark.kubernetes.container.image", Image);
        foreach (var (key, value) in settings)
        {
            conf.Set(key, value);
        }

        return conf;
    }

    public static KubernetesExecutorOptions Options(params (string Key, string Value)[] settings) => KubernetesExecutorOptions.FromConf(Conf(settings), AppId);

    public static ExecutorPodContext Context(
        KubernetesExecutorOptions options, string executorId = "1", ExecutorTlsMaterial? tls = null, V1OwnerReference? owner = null, NetworkSecret? secret = null)
    {
        var launch = new ExecutorLaunchSpec(
            executorId, new NetworkAddress("driver.example.com", 7078), options.AppId, options.Cores, options.HeapMiB,
            secret ?? NetworkSecret.FromText("a-fixed-secret-of-the-tests"), LaunchConf, tls);
        return new ExecutorPodContext(options, launch, $"{options.PodNamePrefix}-exec-{executorId}", $"{options.PodNamePrefix}-auth", owner);
    }

    /// <summary>The whole fold, template included, for executor <paramref name="executorId"/>.</summary>
    public static ExecutorPod Build(KubernetesExecutorOptions options, string executorId = "1", V1OwnerReference? owner = null) =>
        new ExecutorPodBuilder(options).Build(Context(options, executorId, owner: owner));

    /// <summary>One step on its own, over an empty pod with one container (what the fold starts from without a template).</summary>
    public static ExecutorPod Apply(IExecutorFeatureStep step, KubernetesExecutorOptions options, ExecutorPodContext? context = null)
    {
        var container = new V1Container { Name = ExecutorPodLabels.ContainerName };
        var pod = new V1Pod { Metadata = new V1ObjectMeta(), Spec = new V1PodSpec { Containers = [container] } };
        return step.Configure(new ExecutorPod(pod, container, []), context ?? Context(options));
    }

    /// <summary>A template checked in under Templates/ (copied beside the tests).</summary>
    public static string Template(string name) => Path.Combine(AppContext.BaseDirectory, "Templates", name);

    public static V1EnvVar Env(this V1Container container, string name) => Assert.Single(container.Env, e => e.Name == name);

    public static V1Volume Volume(this ExecutorPod pod, string name) => Assert.Single(pod.Pod.Spec.Volumes, v => v.Name == name);

    public static V1VolumeMount Mount(this ExecutorPod pod, string name) => Assert.Single(pod.Container.VolumeMounts, m => m.Name == name);
}
