using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// The executor's local directory (shuffle files, spills): the mount path of the first volume named
/// <c>kiln-local-dir-*</c> or <c>spark-local-dir-*</c> (from the keys or the template), else an emptyDir
/// <c>kiln-local-dir-1</c> at <c>/var/data/kiln-local-dir-1</c>, memory-backed with <c>kiln.kubernetes.local.dirs.tmpfs</c>.
/// </summary>
public sealed class LocalDirsFeatureStep : IExecutorFeatureStep
{
    public const string DefaultVolume = "kiln-local-dir-1";

    public const string DefaultPath = "/var/data/kiln-local-dir-1";

    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var mount = pod.Container.VolumeMounts?.FirstOrDefault(m => m.Name.StartsWith("kiln-local-dir-", StringComparison.Ordinal) || m.Name.StartsWith("spark-local-dir-", StringComparison.Ordinal));
        if (mount is null)
        {
            PodEdits.AddVolume(pod.Pod, new V1Volume { Name = DefaultVolume, EmptyDir = new V1EmptyDirVolumeSource { Medium = context.Options.LocalDirsTmpfs ? "Memory" : null } });
            mount = new V1VolumeMount { MountPath = DefaultPath, Name = DefaultVolume };
            PodEdits.AddMount(pod.Container, mount);
        }

        PodEdits.SetEnv(pod.Container, ExecutorPodLabels.LocalDirsVariable, mount.MountPath);
        return pod with { LocalDir = mount.MountPath };
    }
}
