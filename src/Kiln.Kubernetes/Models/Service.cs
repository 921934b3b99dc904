namespace Kiln.Kubernetes.Models;

/// <summary>A stable address for a set of pods.</summary>
public sealed class Service : KubernetesObject
{
    /// <summary>Creates an empty Service with its apiVersion and kind set.</summary>
    public Service()
    {
        ApiVersion = "v1";
        Kind = "Service";
    }

    public ServiceSpec? Spec { get; set; }
}
