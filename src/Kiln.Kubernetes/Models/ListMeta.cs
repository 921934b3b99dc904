namespace Kiln.Kubernetes.Models;

/// <summary>Metadata of a list response: its resourceVersion and the continue token of the next page.</summary>
public sealed class ListMeta : KubernetesModel
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
