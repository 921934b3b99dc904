using System.Text.Json;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// A small dynamic provisioner: installs the default StorageClass "kiln-local" and, for each pending claim of
/// that class, creates a hostPath PersistentVolume under the state directory, pre-bound to the claim
/// (claimRef) so the controller-manager's PV controller binds them.
/// </summary>
internal sealed class LocalVolumeProvisioner(KubernetesClient client, AgentOptions options, ILogger logger)
{
    public const string StorageClassName = "kiln-local";
    private const string Provisioner = "kiln.dev/local-path";
    private static readonly ResourceType<CustomObject> StorageClasses =
        KubernetesResources.Custom("storage.k8s.io", "v1", "storageclasses", "StorageClass", namespaced: false);

    public async Task InstallStorageClassAsync(CancellationToken cancellationToken)
    {
        var sc = new CustomObject("storage.k8s.io/v1", "StorageClass")
        {
            Metadata = new ObjectMeta
            {
                Name = StorageClassName,
                Annotations = new() { ["storageclass.kubernetes.io/is-default-class"] = "true" },
            },
            ExtensionData = new Dictionary<string, JsonElement>
            {
                ["provisioner"] = JsonSerializer.SerializeToElement(Provisioner),
                ["reclaimPolicy"] = JsonSerializer.SerializeToElement("Retain"),
                ["volumeBindingMode"] = JsonSerializer.SerializeToElement("Immediate"),
            },
        };
        try
        {
            await client.Resource(StorageClasses).CreateAsync(sc, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesConflictException)
        {
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var ev in client.PersistentVolumeClaims.ListAndWatchAsync(null, null, cancellationToken).ConfigureAwait(false))
                {
                    foreach (var claim in ev.Items ?? (ev.Object is null ? [] : [ev.Object]))
                    {
                        if (ev.Type != WatchEventType.Deleted)
                        {
                            await ProvisionAsync(claim, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.LoopFailed(logger, "volume provisioner", e);
                await Task.Delay(1000, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task ProvisionAsync(PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        if (claim.Spec?.StorageClassName != StorageClassName || !string.IsNullOrEmpty(claim.Spec.VolumeName) || claim.Status?.Phase == "Bound")
        {
            return;
        }

        var name = $"pvc-{claim.Metadata.Uid}";
        var path = Path.Combine(options.StateDirectory, "volumes", name);
        Directory.CreateDirectory(path);
        var pv = new PersistentVolume
        {
            Metadata = new ObjectMeta { Name = name, Annotations = new() { ["pv.kubernetes.io/provisioned-by"] = Provisioner } },
            Spec = new PersistentVolumeSpec
            {
                Capacity = new() { ["storage"] = claim.Spec.Resources?.Requests?.GetValueOrDefault("storage") ?? "1Gi" },
                AccessModes = claim.Spec.AccessModes ?? ["ReadWriteOnce"],
                HostPath = new HostPathVolumeSource { Path = path, Type = "DirectoryOrCreate" },
                ClaimRef = new ObjectReference
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    Namespace = claim.Metadata.Namespace,
                    Name = claim.Metadata.Name,
                    Uid = claim.Metadata.Uid,
                },
                PersistentVolumeReclaimPolicy = "Retain",
                StorageClassName = StorageClassName,
                VolumeMode = claim.Spec.VolumeMode ?? "Filesystem",
            },
        };
        try
        {
            await client.PersistentVolumes.CreateAsync(pv, cancellationToken).ConfigureAwait(false);
            Log.VolumeProvisioned(logger, name, claim.Metadata.Namespace ?? "", claim.Metadata.Name ?? "");
        }
        catch (KubernetesConflictException)
        {
        }
    }
}
