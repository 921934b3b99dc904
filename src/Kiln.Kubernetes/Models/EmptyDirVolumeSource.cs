namespace Kiln.Kubernetes.Models;

/// <summary>A scratch directory that lives as long as the pod.</summary>
public sealed class EmptyDirVolumeSource : KubernetesModel
{
    public string? Medium { get; set; }

    public string? SizeLimit { get; set; }
}
