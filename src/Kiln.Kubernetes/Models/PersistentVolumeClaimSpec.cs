namespace Kiln.Kubernetes.Models;

/// <summary>Desired storage of a claim.</summary>
public sealed class PersistentVolumeClaimSpec : KubernetesModel
{
    public List<string>? AccessModes { get; set; }

    public ResourceRequirements? Resources { get; set; }

    public string? StorageClassName { get; set; }

    public string? VolumeName { get; set; }

    public string? VolumeMode { get; set; }
}
