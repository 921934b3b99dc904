namespace Kiln.Kubernetes.Models;

/// <summary>A piece of storage that claims bind to.</summary>
public sealed class PersistentVolume : KubernetesObject
{
    /// <summary>Creates an empty PersistentVolume with its apiVersion and kind set.</summary>
    public PersistentVolume()
    {
        ApiVersion = "v1";
        Kind = "PersistentVolume";
    }

    public PersistentVolumeSpec? Spec { get; set; }

    public PersistentVolumeStatus? Status { get; set; }
}
