namespace Kiln.Kubernetes.Models;

/// <summary>A condition of a pod, such as PodScheduled or Ready.</summary>
public sealed class PodCondition : KubernetesModel
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? LastProbeTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }
}
