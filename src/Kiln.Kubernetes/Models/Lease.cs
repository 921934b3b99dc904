namespace Kiln.Kubernetes.Models;

/// <summary>A lease, used for leader election and node heartbeats.</summary>
public sealed class Lease : KubernetesObject
{
    /// <summary>Creates an empty Lease with its apiVersion and kind set.</summary>
    public Lease()
    {
        ApiVersion = "coordination.k8s.io/v1";
        Kind = "Lease";
    }

    public LeaseSpec? Spec { get; set; }
}
