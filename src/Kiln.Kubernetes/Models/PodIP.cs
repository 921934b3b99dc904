namespace Kiln.Kubernetes.Models;

/// <summary>One IP address of a pod.</summary>
public sealed class PodIP : KubernetesModel
{
    public string? Ip { get; set; }
}
