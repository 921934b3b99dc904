namespace Kiln.Kubernetes.Models;

/// <summary>Holder and timing of a lease.</summary>
public sealed class LeaseSpec : KubernetesModel
{
    public string? HolderIdentity { get; set; }

    public int? LeaseDurationSeconds { get; set; }

    public DateTimeOffset? AcquireTime { get; set; }

    public DateTimeOffset? RenewTime { get; set; }

    public int? LeaseTransitions { get; set; }
}
