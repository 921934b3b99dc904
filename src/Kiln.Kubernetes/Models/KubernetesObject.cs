namespace Kiln.Kubernetes.Models;

/// <summary>A top-level Kubernetes object: apiVersion, kind and metadata.</summary>
public abstract class KubernetesObject : KubernetesModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();
}
