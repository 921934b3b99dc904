namespace Kiln.Kubernetes.Models;

/// <summary>Ports of the daemons on a node.</summary>
public sealed class NodeDaemonEndpoints : KubernetesModel
{
    public DaemonEndpoint? KubeletEndpoint { get; set; }
}
