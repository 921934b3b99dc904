namespace Kiln.Kubernetes.Models;

/// <summary>Observed state of a custom resource definition.</summary>
public sealed class CustomResourceDefinitionStatus : KubernetesModel
{
    public List<CustomResourceDefinitionCondition>? Conditions { get; set; }
}
