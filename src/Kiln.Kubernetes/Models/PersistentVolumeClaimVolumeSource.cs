namespace Kiln.Kubernetes.Models;

/// <summary>Mounts a bound PersistentVolumeClaim.</summary>
public sealed class PersistentVolumeClaimVolumeSource : KubernetesModel
{
    public string? ClaimName { get; set; }

    public bool? ReadOnly { get; set; }
}
