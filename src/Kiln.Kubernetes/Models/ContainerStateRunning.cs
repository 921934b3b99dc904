namespace Kiln.Kubernetes.Models;

/// <summary>A running container.</summary>
public sealed class ContainerStateRunning : KubernetesModel
{
    public DateTimeOffset? StartedAt { get; set; }
}
