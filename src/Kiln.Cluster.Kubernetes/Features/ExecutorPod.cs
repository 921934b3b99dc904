using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// An executor pod being built: the pod, its executor container (also present in <c>Pod.Spec.Containers</c>), and the
/// claims to create with it. Steps receive a copy they may change and return it (<see cref="ExecutorPodBuilder"/>).
/// </summary>
/// <param name="OnDemandClaims">Claims made for this executor alone (<c>claimName=OnDemand</c>), created after the pod and owned by it.</param>
public sealed record ExecutorPod(V1Pod Pod, V1Container Container, IReadOnlyList<V1PersistentVolumeClaim> OnDemandClaims)
{
    /// <summary>The executor's local directory inside the container (set by the local-dirs step).</summary>
    public string? LocalDir { get; init; }
}
