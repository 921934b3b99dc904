using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Small additive edits feature steps share: set an env variable or a label without losing what is there.</summary>
internal static class PodEdits
{
    /// <summary>Sets <paramref name="variable"/>, replacing an entry of the same name (later settings win, as in a pod spec).</summary>
    public static void SetEnv(V1Container container, V1EnvVar variable)
    {
        container.Env ??= [];
        var existing = container.Env.FirstOrDefault(e => e.Name == variable.Name);
        if (existing is not null)
        {
            container.Env.Remove(existing);
        }

        container.Env.Add(variable);
    }

    public static void SetEnv(V1Container container, string name, string value) => SetEnv(container, new V1EnvVar { Name = name, Value = value });

    public static void AddVolume(V1Pod pod, V1Volume volume)
    {
        pod.Spec.Volumes ??= [];
        if (pod.Spec.Volumes.All(v => v.Name != volume.Name))
        {
            pod.Spec.Volumes.Add(volume);
        }
    }

    public static void AddMount(V1Container container, V1VolumeMount mount)
    {
        container.VolumeMounts ??= [];
        if (container.VolumeMounts.All(m => m.MountPath != mount.MountPath))
        {
            container.VolumeMounts.Add(mount);
        }
    }

    public static void Merge(IDictionary<string, string> target, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values)
        {
            target[key] = value;
        }
    }
}
