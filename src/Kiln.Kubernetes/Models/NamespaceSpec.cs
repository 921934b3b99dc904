namespace Kiln.Kubernetes.Models;

/// <summary>Desired state of a namespace.</summary>
public sealed class NamespaceSpec : KubernetesModel
{
    public List<string>? Finalizers { get; set; }
}
