namespace Kiln.Kubernetes.Models;

/// <summary>Observed state of a persistent volume.</summary>
public sealed class PersistentVolumeStatus : KubernetesModel
{
    public string? Phase { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }
}
