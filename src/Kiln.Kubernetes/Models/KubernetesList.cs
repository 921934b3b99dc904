namespace Kiln.Kubernetes.Models;

/// <summary>A page of a list response: the items and the continue token of the next page.</summary>
public sealed class KubernetesList<T> : KubernetesModel
    where T : KubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ListMeta Metadata { get; set; } = new();

    public List<T> Items { get; set; } = [];
}
