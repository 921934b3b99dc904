namespace Kiln.Kubernetes.Models;

/// <summary>Defines a custom resource type.</summary>
public sealed class CustomResourceDefinition : KubernetesObject
{
    /// <summary>Creates an empty CustomResourceDefinition with its apiVersion and kind set.</summary>
    public CustomResourceDefinition()
    {
        ApiVersion = "apiextensions.k8s.io/v1";
        Kind = "CustomResourceDefinition";
    }

    public CustomResourceDefinitionSpec? Spec { get; set; }

    public CustomResourceDefinitionStatus? Status { get; set; }
}
