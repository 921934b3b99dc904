using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Submission.Steps;

/// <summary>
/// The driver's Secrets (<c>driver.secrets.NAME=PATH</c>), environment from Secrets (<c>driver.secretKeyRef.ENV</c>)
/// and volumes (<c>driver.volumes.*</c>), mounted as the executor steps mount theirs.
/// </summary>
public sealed class DriverMountsFeatureStep : IDriverFeatureStep
{
    public DriverPod Configure(DriverPod pod, DriverPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        foreach (var (secret, path) in options.Secrets)
        {
            var volume = $"{secret}-volume";
            PodEdits.AddVolume(pod.Pod, new V1Volume { Name = volume, Secret = new V1SecretVolumeSource { SecretName = secret } });
            PodEdits.AddMount(pod.Container, new V1VolumeMount { MountPath = path, Name = volume });
        }

        foreach (var (env, (secret, key)) in options.SecretKeyRefs)
        {
            PodEdits.SetEnv(pod.Container, new V1EnvVar { Name = env, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = key, Name = secret } } });
        }

        foreach (var spec in options.Volumes)
        {
            MountVolumesFeatureStep.Mount(pod.Pod, pod.Container, spec, onDemandClaimName: null);
        }

        return pod;
    }
}
