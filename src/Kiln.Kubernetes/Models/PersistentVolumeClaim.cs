namespace Kiln.Kubernetes.Models;

/// <summary>A request for storage.</summary>
public sealed class PersistentVolumeClaim : KubernetesObject
{
    /// <summary>Creates an empty PersistentVolumeClaim with its apiVersion and kind set.</summary>
    public PersistentVolumeClaim()
    {
        ApiVersion = "v1";
        Kind = "PersistentVolumeClaim";
    }

    public PersistentVolumeClaimSpec? Spec { get; set; }

    public PersistentVolumeClaimStatus? Status { get; set; }
}
