namespace Kiln.Kubernetes.Models;

/// <summary>Points at the owner of an object; the garbage collector deletes dependents of deleted owners.</summary>
public sealed class OwnerReference : KubernetesModel
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string? Name { get; set; }

    public string? Uid { get; set; }

    public bool? Controller { get; set; }

    public bool? BlockOwnerDeletion { get; set; }
}
