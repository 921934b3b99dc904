namespace Kiln.Kubernetes.Models;

/// <summary>Selects a field of the pod, such as metadata.name or status.podIP.</summary>
public sealed class ObjectFieldSelector : KubernetesModel
{
    public string? ApiVersion { get; set; }

    public string? FieldPath { get; set; }
}
