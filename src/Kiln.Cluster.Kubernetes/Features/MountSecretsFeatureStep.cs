using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Mounts each Secret of <c>kiln.kubernetes.executor.secrets.NAME=PATH</c> at its path.</summary>
public sealed class MountSecretsFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (secret, path) in context.Options.Secrets)
        {
            var volume = $"{secret}-volume";
            PodEdits.AddVolume(pod.Pod, new V1Volume { Name = volume, Secret = new V1SecretVolumeSource { SecretName = secret } });
            PodEdits.AddMount(pod.Container, new V1VolumeMount { MountPath = path, Name = volume });
        }

        return pod;
    }
}
