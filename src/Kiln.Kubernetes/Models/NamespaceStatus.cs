namespace Kiln.Kubernetes.Models;

/// <summary>Observed state of a namespace (Active, Terminating).</summary>
public sealed class NamespaceStatus : KubernetesModel
{
    public string? Phase { get; set; }
}
