namespace Kiln.Kubernetes.Models;

/// <summary>Selects one key of a ConfigMap or Secret.</summary>
public sealed class KeySelector : KubernetesModel
{
    public string? Name { get; set; }

    public string? Key { get; set; }

    public bool? Optional { get; set; }
}
