namespace Kiln.Kubernetes.Models;

/// <summary>Group, names, scope and versions of a custom resource.</summary>
public sealed class CustomResourceDefinitionSpec : KubernetesModel
{
    public string? Group { get; set; }

    public CustomResourceDefinitionNames? Names { get; set; }

    public string? Scope { get; set; }

    public List<CustomResourceDefinitionVersion>? Versions { get; set; }
}
