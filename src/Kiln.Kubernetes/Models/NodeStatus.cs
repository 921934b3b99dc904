namespace Kiln.Kubernetes.Models;

/// <summary>Observed state of a node: capacity, conditions, addresses.</summary>
public sealed class NodeStatus : KubernetesModel
{
    public Dictionary<string, string>? Capacity { get; set; }

    public Dictionary<string, string>? Allocatable { get; set; }

    public List<NodeCondition>? Conditions { get; set; }

    public List<NodeAddress>? Addresses { get; set; }

    public NodeDaemonEndpoints? DaemonEndpoints { get; set; }

    public NodeSystemInfo? NodeInfo { get; set; }

    public string? Phase { get; set; }
}
