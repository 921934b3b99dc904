namespace Kiln.Kubernetes.Models;

/// <summary>One address of a node (InternalIP, Hostname, ...).</summary>
public sealed class NodeAddress : KubernetesModel
{
    public string? Type { get; set; }

    public string? Address { get; set; }
}
