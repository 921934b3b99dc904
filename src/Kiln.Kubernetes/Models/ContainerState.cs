namespace Kiln.Kubernetes.Models;

/// <summary>The state of a container; exactly one member is set.</summary>
public sealed class ContainerState : KubernetesModel
{
    public ContainerStateWaiting? Waiting { get; set; }

    public ContainerStateRunning? Running { get; set; }

    public ContainerStateTerminated? Terminated { get; set; }
}
