namespace Kiln.Kubernetes.Models;

/// <summary>A container that is not running yet.</summary>
public sealed class ContainerStateWaiting : KubernetesModel
{
    public string? Reason { get; set; }

    public string? Message { get; set; }
}
