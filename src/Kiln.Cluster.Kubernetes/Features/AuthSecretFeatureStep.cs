using k8s.Models;
using Kiln.Cluster.Executor;
using Kiln.Common.Config;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// The application's RPC secret reaches the executor from the application's Kubernetes Secret (an env variable from a
/// secretKeyRef), never in the pod spec, a label or the command line; with TLS on, the Secret's certificate, key and
/// trusted certificates are mounted read-only at <see cref="ExecutorPodLabels.TlsMountPath"/>.
/// </summary>
public sealed class AuthSecretFeatureStep : IExecutorFeatureStep
{
    private const string TlsVolume = "kiln-tls";

    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        PodEdits.SetEnv(pod.Container, new V1EnvVar
        {
            Name = ExecutorOptions.SecretVariable,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = ExecutorPodLabels.SecretKey, Name = context.SecretName } },
        });
        if (context.Launch.Tls is null)
        {
            return pod;
        }

        PodEdits.AddVolume(pod.Pod, new V1Volume
        {
            Name = TlsVolume,
            Secret = new V1SecretVolumeSource
            {
                SecretName = context.SecretName,
                Items = [Item("tls.crt"), Item("tls.key"), Item("trust.crt")],
            },
        });
        PodEdits.AddMount(pod.Container, new V1VolumeMount { MountPath = ExecutorPodLabels.TlsMountPath, Name = TlsVolume, ReadOnlyProperty = true });
        pod.Container.Args ??= [];
        foreach (var (key, file) in new[] { (ConfigKeys.TlsCertFile.Key, "tls.crt"), (ConfigKeys.TlsKeyFile.Key, "tls.key"), (ConfigKeys.TlsTrustFile.Key, "trust.crt") })
        {
            pod.Container.Args.Add("--conf");
            pod.Container.Args.Add($"{key}={ExecutorPodLabels.TlsMountPath}/{file}");
        }

        return pod;
    }

    private static V1KeyToPath Item(string key) => new() { Key = key, Path = key };
}
