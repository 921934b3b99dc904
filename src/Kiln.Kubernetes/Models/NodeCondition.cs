namespace Kiln.Kubernetes.Models;

/// <summary>A condition of a node, such as Ready.</summary>
public sealed class NodeCondition : KubernetesModel
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? LastHeartbeatTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }
}
