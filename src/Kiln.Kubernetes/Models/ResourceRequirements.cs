namespace Kiln.Kubernetes.Models;

/// <summary>Requests and limits of a container, as quantities ("500m", "1Gi").</summary>
public sealed class ResourceRequirements : KubernetesModel
{
    public Dictionary<string, string>? Requests { get; set; }

    public Dictionary<string, string>? Limits { get; set; }
}
