namespace Kiln.Kubernetes.Models;

/// <summary>A directory of the node.</summary>
public sealed class HostPathVolumeSource : KubernetesModel
{
    public string? Path { get; set; }

    public string? Type { get; set; }
}
