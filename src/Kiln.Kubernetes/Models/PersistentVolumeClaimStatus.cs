namespace Kiln.Kubernetes.Models;

/// <summary>Observed state of a claim (Pending, Bound, Lost).</summary>
public sealed class PersistentVolumeClaimStatus : KubernetesModel
{
    public string? Phase { get; set; }

    public List<string>? AccessModes { get; set; }

    public Dictionary<string, string>? Capacity { get; set; }
}
