using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Watch;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// A small dynamic provisioner: installs the default StorageClass "kiln-local" and, for each pending claim of
/// that class, creates a hostPath PersistentVolume under the state directory, pre-bound to the claim
/// (claimRef) so the controller-manager's PV controller binds them.
/// </summary>
internal sealed class LocalVolumeProvisioner(IKubernetes client, AgentOptions options, ILogger logger)
{
    public const string StorageClassName = "kiln-local";
    private const string Provisioner = "kiln.dev/local-path";

    public async Task InstallStorageClassAsync(CancellationToken cancellationToken)
    {
        var sc = new V1StorageClass
        {
            Metadata = new V1ObjectMeta
            {
                Name = StorageClassName,
                Annotations = new Dictionary<string, string> { ["storageclass.kubernetes.io/is-default-class"] = "true" },
            },
            Provisioner = Provisioner,
            ReclaimPolicy = "Retain",
            VolumeBindingMode = "Immediate",
        };
        try
        {
            await client.StorageV1.CreateStorageClassAsync(sc, cancellationToken: cancellationToken).ConfigureAwait(false);
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
                var events = KubernetesListWatch.ListAndWatchAsync<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
                    (r, ct) => client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(continueParameter: r.Continue, limit: r.Limit, cancellationToken: ct),
                    (r, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(
                        allowWatchBookmarks: r.AllowWatchBookmarks, resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
                    new ListWatchOptions { ServerTimeout = TimeSpan.FromMinutes(5) },
                    cancellationToken);
                await foreach (var ev in events.ConfigureAwait(false))
                {
                    foreach (var claim in ev.Items ?? (ev.Object is null ? [] : [ev.Object]))
                    {
                        if (ev.Type is not (ListWatchEventType.Deleted or ListWatchEventType.Bookmark))
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

    private async Task ProvisionAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        if (claim.Spec?.StorageClassName != StorageClassName || !string.IsNullOrEmpty(claim.Spec.VolumeName) || claim.Status?.Phase == "Bound")
        {
            return;
        }

        var name = $"pvc-{claim.Metadata.Uid}";
        var path = Path.Combine(options.StateDirectory, "volumes", name);
        Directory.CreateDirectory(path);
        var requested = claim.Spec.Resources?.Requests?.TryGetValue("storage", out var storage) == true ? storage : new ResourceQuantity("1Gi");
        var pv = new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = new Dictionary<string, string> { ["pv.kubernetes.io/provisioned-by"] = Provisioner } },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = requested },
                AccessModes = claim.Spec.AccessModes ?? ["ReadWriteOnce"],
                HostPath = new V1HostPathVolumeSource { Path = path, Type = "DirectoryOrCreate" },
                ClaimRef = new V1ObjectReference
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    NamespaceProperty = claim.Metadata.NamespaceProperty,
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
            await client.CoreV1.CreatePersistentVolumeAsync(pv, cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.VolumeProvisioned(logger, name, claim.Metadata.NamespaceProperty ?? "", claim.Metadata.Name ?? "");
        }
        catch (KubernetesConflictException)
        {
        }
    }
}
