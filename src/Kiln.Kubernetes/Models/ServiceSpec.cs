namespace Kiln.Kubernetes.Models;

/// <summary>Desired state of a service.</summary>
public sealed class ServiceSpec : KubernetesModel
{
    public string? Type { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public List<ServicePort>? Ports { get; set; }

    public string? ClusterIP { get; set; }
}
