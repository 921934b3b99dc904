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

    public static void AddPullSecrets(V1Pod pod, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            pod.Spec.ImagePullSecrets ??= [];
            if (pod.Spec.ImagePullSecrets.All(s => s.Name != secret))
            {
                pod.Spec.ImagePullSecrets.Add(new V1LocalObjectReference { Name = secret });
            }
        }
    }

    /// <summary>CPU request (the request quantity, else the cores) and optional limit; memory request = limit = <paramref name="memoryMiB"/>. Other resources stay.</summary>
    public static V1ResourceRequirements SetCpuAndMemory(V1Container container, string? requestCores, int cores, string? limitCores, long memoryMiB)
    {
        var resources = container.Resources ??= new V1ResourceRequirements();
        resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        var memory = new ResourceQuantity($"{memoryMiB.ToString(System.Globalization.CultureInfo.InvariantCulture)}Mi");
        resources.Requests["cpu"] = new ResourceQuantity(requestCores ?? cores.ToString(System.Globalization.CultureInfo.InvariantCulture));
        resources.Requests["memory"] = memory;
        resources.Limits["memory"] = memory;
        if (limitCores is { } limit)
        {
            resources.Limits["cpu"] = new ResourceQuantity(limit);
        }

        return resources;
    }

    public static void Merge(IDictionary<string, string> target, IEnumerable<KeyValuePair<string, string>> values)
    {
        foreach (var (key, value) in values)
        {
            target[key] = value;
        }
    }
}
