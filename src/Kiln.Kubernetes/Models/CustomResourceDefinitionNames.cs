namespace Kiln.Kubernetes.Models;

/// <summary>Plural, singular, kind and list kind of a custom resource.</summary>
public sealed class CustomResourceDefinitionNames : KubernetesModel
{
    public string? Plural { get; set; }

    public string? Singular { get; set; }

    public string? Kind { get; set; }

    public string? ListKind { get; set; }

    public List<string>? ShortNames { get; set; }
}
