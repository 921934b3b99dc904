namespace Kiln.Kubernetes.Models;

/// <summary>Lets a pod schedule onto nodes with a matching taint.</summary>
public sealed class Toleration : KubernetesModel
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public string? Value { get; set; }

    public string? Effect { get; set; }

    public long? TolerationSeconds { get; set; }
}
