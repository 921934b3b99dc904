namespace Kiln.Kubernetes.Models;

/// <summary>A namespace: the unit of isolation for names and policies.</summary>
public sealed class Namespace : KubernetesObject
{
    /// <summary>Creates an empty Namespace with its apiVersion and kind set.</summary>
    public Namespace()
    {
        ApiVersion = "v1";
        Kind = "Namespace";
    }

    public NamespaceSpec? Spec { get; set; }

    public NamespaceStatus? Status { get; set; }
}
