namespace Kiln.Kubernetes.Models;

/// <summary>A pod volume; exactly one source is set.</summary>
public sealed class Volume : KubernetesModel
{
    public string? Name { get; set; }

    public EmptyDirVolumeSource? EmptyDir { get; set; }

    public HostPathVolumeSource? HostPath { get; set; }

    public ConfigMapVolumeSource? ConfigMap { get; set; }

    public SecretVolumeSource? Secret { get; set; }

    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }
}
