namespace Kiln.Kubernetes.Config;

/// <summary>
/// A kubeconfig after merging: named clusters, users and contexts and the current context. Relative file
/// paths are already resolved against the file that declared them, as kubectl does.
/// </summary>
public sealed class KubeConfig
{
    public Dictionary<string, KubeConfigCluster> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigUser> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigContext> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; set; }
}
