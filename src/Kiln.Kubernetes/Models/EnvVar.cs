namespace Kiln.Kubernetes.Models;

/// <summary>An environment variable of a container: a literal value or a reference.</summary>
public sealed class EnvVar : KubernetesModel
{
    public string? Name { get; set; }

    public string? Value { get; set; }

    public EnvVarSource? ValueFrom { get; set; }
}
