namespace Kiln.Kubernetes.Models;

/// <summary>Desired state of a persistent volume.</summary>
public sealed class PersistentVolumeSpec : KubernetesModel
{
    public Dictionary<string, string>? Capacity { get; set; }

    public List<string>? AccessModes { get; set; }

    public HostPathVolumeSource? HostPath { get; set; }

    public ObjectReference? ClaimRef { get; set; }

    public string? PersistentVolumeReclaimPolicy { get; set; }

    public string? StorageClassName { get; set; }

    public string? VolumeMode { get; set; }
}
