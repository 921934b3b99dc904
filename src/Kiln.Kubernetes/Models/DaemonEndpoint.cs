namespace Kiln.Kubernetes.Models;

/// <summary>A port of a node daemon.</summary>
public sealed class DaemonEndpoint : KubernetesModel
{
    public int Port { get; set; }
}
