namespace Kiln.Kubernetes.Models;

/// <summary>A port a service exposes.</summary>
public sealed class ServicePort : KubernetesModel
{
    public string? Name { get; set; }

    public string? Protocol { get; set; }

    public int Port { get; set; }

    public IntOrString? TargetPort { get; set; }
}
