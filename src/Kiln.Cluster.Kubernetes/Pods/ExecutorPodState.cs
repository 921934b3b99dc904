using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// What the API server says of one executor pod, as a closed set of states derived from an immutable copy of the pod:
/// <code>
///   Pending ──> Running ──> Succeeded | Failed          (phase)
///      │           │
///      └───────────┴──> Terminating (deletionTimestamp set, containers still up) ──> Deleted (gone from the API)
/// </code>
/// <see cref="Pending.Blocker"/> says why a pending pod cannot start (Unschedulable, ErrImagePull, ...), when it cannot.
/// </summary>
public abstract record ExecutorPodState(V1Pod Pod)
{
    public string Name => Pod.Metadata.Name;

    /// <summary>True for states after which the pod never runs the executor again.</summary>
    public bool IsFinal => this is Succeeded or Failed or Deleted;

    public static ExecutorPodState Of(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase is not ("Succeeded" or "Failed"))
        {
            return new Terminating(pod);
        }

        return pod.Status?.Phase switch
        {
            "Pending" or null => new Pending(pod, PodBlocker.Of(pod)),
            "Running" => new Running(pod),
            "Succeeded" => new Succeeded(pod),
            "Failed" => new Failed(pod),
            _ => new Unknown(pod),
        };
    }

    public sealed record Pending(V1Pod Pod, PodBlocker? Blocker) : ExecutorPodState(Pod);

    public sealed record Running(V1Pod Pod) : ExecutorPodState(Pod);

    public sealed record Succeeded(V1Pod Pod) : ExecutorPodState(Pod);

    public sealed record Failed(V1Pod Pod) : ExecutorPodState(Pod);

    public sealed record Terminating(V1Pod Pod) : ExecutorPodState(Pod);

    /// <summary>The pod was deleted (a watch DELETED event, or it was missing from a full list).</summary>
    public sealed record Deleted(V1Pod Pod) : ExecutorPodState(Pod);

    public sealed record Unknown(V1Pod Pod) : ExecutorPodState(Pod);
}
