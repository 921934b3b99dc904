namespace Kiln.Kubernetes.Models;

/// <summary>Projects a Secret's keys as files.</summary>
public sealed class SecretVolumeSource : KubernetesModel
{
    public string? SecretName { get; set; }

    public List<KeyToPath>? Items { get; set; }

    public bool? Optional { get; set; }

    public int? DefaultMode { get; set; }
}
