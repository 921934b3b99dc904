namespace Kiln.Kubernetes.Config;

/// <summary>A context entry of a kubeconfig: which cluster, which user, which namespace.</summary>
public sealed class KubeConfigContext
{
    public string? Cluster { get; set; }

    public string? User { get; set; }

    public string? Namespace { get; set; }
}
