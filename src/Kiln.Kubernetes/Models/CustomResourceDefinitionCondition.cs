namespace Kiln.Kubernetes.Models;

/// <summary>A condition of a custom resource definition, such as Established.</summary>
public sealed class CustomResourceDefinitionCondition : KubernetesModel
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
