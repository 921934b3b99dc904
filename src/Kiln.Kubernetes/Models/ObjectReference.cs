namespace Kiln.Kubernetes.Models;

/// <summary>Reference to another object, as used by events and volume claims.</summary>
public sealed class ObjectReference : KubernetesModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public string? FieldPath { get; set; }
}
