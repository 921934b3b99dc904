namespace Kiln.Kubernetes.Models;

/// <summary>Where a volume is mounted inside a container.</summary>
public sealed class VolumeMount : KubernetesModel
{
    public string? Name { get; set; }

    public string? MountPath { get; set; }

    public bool? ReadOnly { get; set; }

    public string? SubPath { get; set; }
}
