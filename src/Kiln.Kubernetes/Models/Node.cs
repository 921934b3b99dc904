namespace Kiln.Kubernetes.Models;

/// <summary>A worker node.</summary>
public sealed class Node : KubernetesObject
{
    /// <summary>Creates an empty Node with its apiVersion and kind set.</summary>
    public Node()
    {
        ApiVersion = "v1";
        Kind = "Node";
    }

    public NodeSpec? Spec { get; set; }

    public NodeStatus? Status { get; set; }
}
