namespace Kiln.Kubernetes.Models;

/// <summary>A pod: one or more containers scheduled together on a node.</summary>
public sealed class Pod : KubernetesObject
{
    /// <summary>Creates an empty Pod with its apiVersion and kind set.</summary>
    public Pod()
    {
        ApiVersion = "v1";
        Kind = "Pod";
    }

    public PodSpec? Spec { get; set; }

    public PodStatus? Status { get; set; }
}
