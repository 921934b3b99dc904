using System.Globalization;
using k8s.Models;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// The volumes of <c>kiln.kubernetes.executor.volumes.*</c>: hostPath, emptyDir, persistentVolumeClaim (a claim per
/// executor for <c>claimName=OnDemand</c>, with <c>options.storageClass</c> and <c>options.sizeLimit</c>) and nfs, each
/// mounted at its path, read-only and with a sub-path when asked.
/// </summary>
public sealed class MountVolumesFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var claims = pod.OnDemandClaims.ToList();
        foreach (var spec in context.Options.Volumes)
        {
            string? onDemand = null;
            if (spec.IsOnDemandClaim)
            {
                onDemand = $"{context.PodName}-pvc-{claims.Count.ToString(CultureInfo.InvariantCulture)}";
                claims.Add(OnDemandClaim(spec, onDemand, context));
            }

            Mount(pod.Pod, pod.Container, spec, onDemand);
        }

        return pod with { OnDemandClaims = claims };
    }

    /// <summary>Adds the volume of <paramref name="spec"/> to the pod and mounts it in the container; an on-demand claim is mounted by the name it was created with.</summary>
    /// <exception cref="ConfigException">The volume's type is not one Kiln mounts.</exception>
    internal static void Mount(V1Pod pod, V1Container container, VolumeSpec spec, string? onDemandClaimName)
    {
        var volume = new V1Volume { Name = spec.Name };
        switch (spec.Type)
        {
            case "hostPath":
                volume.HostPath = new V1HostPathVolumeSource { Path = VolumeKeys.Required(spec, "path"), Type = spec.Options.GetValueOrDefault("type") };
                break;
            case "emptyDir":
                volume.EmptyDir = new V1EmptyDirVolumeSource { Medium = spec.Options.GetValueOrDefault("medium"), SizeLimit = VolumeKeys.Size(spec, "sizeLimit") };
                break;
            case "nfs":
                volume.Nfs = new V1NFSVolumeSource
                {
                    Path = VolumeKeys.Required(spec, "path"),
                    Server = VolumeKeys.Required(spec, "server"),
                    ReadOnlyProperty = spec.Options.GetValueOrDefault("readOnly") == "true",
                };
                break;
            case "persistentVolumeClaim":
                var claimName = onDemandClaimName ?? VolumeKeys.Required(spec, "claimName");
                volume.PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claimName, ReadOnlyProperty = spec.ReadOnly ? true : null };
                break;
            default:
                throw new ConfigException(
                    $"{spec.KeyPrefix}.{spec.Type}.{spec.Name}.mount.path",
                    $"volume {spec.Name} has type {spec.Type}, which Kiln does not mount; use hostPath, emptyDir, persistentVolumeClaim or nfs");
        }

        PodEdits.AddVolume(pod, volume);
        PodEdits.AddMount(container, new V1VolumeMount { MountPath = spec.MountPath, Name = spec.Name, ReadOnlyProperty = spec.ReadOnly ? true : null, SubPath = spec.SubPath });
    }

    private static V1PersistentVolumeClaim OnDemandClaim(VolumeSpec spec, string name, ExecutorPodContext context) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolumeClaim",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = context.Options.Namespace,
            Labels = new Dictionary<string, string>
            {
                [ExecutorPodLabels.AppId] = context.Options.AppId,
                [ExecutorPodLabels.ExecutorId] = context.Launch.ExecutorId,
            },
        },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = spec.Options.GetValueOrDefault("storageClass"),
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = VolumeKeys.Size(spec, "sizeLimit") ?? throw VolumeKeys.Missing(spec, "sizeLimit") },
            },
        },
    };
}
