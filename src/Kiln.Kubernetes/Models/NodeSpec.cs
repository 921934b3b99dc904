namespace Kiln.Kubernetes.Models;

/// <summary>Desired state of a node.</summary>
public sealed class NodeSpec : KubernetesModel
{
    public string? PodCIDR { get; set; }

    public string? ProviderID { get; set; }

    public bool? Unschedulable { get; set; }

    public List<Taint>? Taints { get; set; }
}
