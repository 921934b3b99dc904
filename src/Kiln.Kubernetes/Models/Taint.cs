namespace Kiln.Kubernetes.Models;

/// <summary>Repels pods that do not tolerate it.</summary>
public sealed class Taint : KubernetesModel
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }

    public DateTimeOffset? TimeAdded { get; set; }
}
