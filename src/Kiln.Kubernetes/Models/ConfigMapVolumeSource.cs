namespace Kiln.Kubernetes.Models;

/// <summary>Projects a ConfigMap's keys as files.</summary>
public sealed class ConfigMapVolumeSource : KubernetesModel
{
    public string? Name { get; set; }

    public List<KeyToPath>? Items { get; set; }

    public bool? Optional { get; set; }

    public int? DefaultMode { get; set; }
}
