namespace Kiln.Kubernetes.Models;

/// <summary>An identity for processes running in pods.</summary>
public sealed class ServiceAccount : KubernetesObject
{
    /// <summary>Creates an empty ServiceAccount with its apiVersion and kind set.</summary>
    public ServiceAccount()
    {
        ApiVersion = "v1";
        Kind = "ServiceAccount";
    }

    public List<ObjectReference>? Secrets { get; set; }
}
