using k8s;
using k8s.Models;
using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>
/// Materializes a pod's volumes as host directories: emptyDir and configMap/secret contents under the pod
/// directory, hostPath as is, persistentVolumeClaim as the bound PersistentVolume's hostPath.
/// </summary>
internal sealed class PodVolumes(IKubernetes client)
{
    public async Task<Dictionary<string, string>> PrepareAsync(V1Pod pod, string podDirectory, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var ns = pod.Metadata.NamespaceProperty;
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            var name = volume.Name ?? "";
            var own = Path.Combine(podDirectory, "volumes", name);
            if (volume.EmptyDir is not null)
            {
                Directory.CreateDirectory(own);
                result[name] = own;
            }
            else if (volume.HostPath is { } hostPath)
            {
                var path = hostPath.Path ?? "/";
                if (hostPath.Type is "DirectoryOrCreate" or null or "" && !File.Exists(path))
                {
                    Directory.CreateDirectory(path);
                }

                result[name] = path;
            }
            else if (volume.ConfigMap is { } cmSource)
            {
                var cm = await client.TryReadConfigMapAsync(ns, cmSource.Name ?? "", cancellationToken).ConfigureAwait(false);
                if (cm is null && cmSource.Optional != true)
                {
                    throw new PodSetupException("ContainerCreating", $"configmap {cmSource.Name} not found");
                }

                var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var (k, v) in cm?.Data ?? new Dictionary<string, string>())
                {
                    files[k] = System.Text.Encoding.UTF8.GetBytes(v);
                }

                foreach (var (k, v) in cm?.BinaryData ?? new Dictionary<string, byte[]>())
                {
                    files[k] = v;
                }

                result[name] = WriteFiles(own, files, cmSource.Items, cmSource.DefaultMode);
            }
            else if (volume.Secret is { } secretSource)
            {
                var secret = await client.TryReadSecretAsync(ns, secretSource.SecretName ?? "", cancellationToken).ConfigureAwait(false);
                if (secret is null && secretSource.Optional != true)
                {
                    throw new PodSetupException("ContainerCreating", $"secret {secretSource.SecretName} not found");
                }

                result[name] = WriteFiles(own, secret?.Data ?? new Dictionary<string, byte[]>(), secretSource.Items, secretSource.DefaultMode);
            }
            else if (volume.PersistentVolumeClaim is { } claimSource)
            {
                var claim = await client.TryReadClaimAsync(ns, claimSource.ClaimName ?? "", cancellationToken).ConfigureAwait(false);
                if (claim?.Spec?.VolumeName is not { Length: > 0 } volumeName || claim.Status?.Phase != "Bound")
                {
                    throw new PodSetupException("ContainerCreating", $"persistentvolumeclaim {claimSource.ClaimName} is not bound");
                }

                var pv = await client.CoreV1.ReadPersistentVolumeAsync(volumeName, cancellationToken: cancellationToken).ConfigureAwait(false);
                result[name] = pv.Spec?.HostPath?.Path
                    ?? throw new PodSetupException("ContainerCreating", $"persistentvolume {volumeName} has no hostPath");
                Directory.CreateDirectory(result[name]);
            }
            else
            {
                throw new PodSetupException("ContainerCreating", $"volume {name}: unsupported volume type");
            }
        }

        return result;
    }

    private static string WriteFiles(string dir, IDictionary<string, byte[]> data, IList<V1KeyToPath>? items, int? defaultMode)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var mappings = items?.Select(i => (i.Key ?? "", i.Path ?? i.Key ?? "", i.Mode)) ?? data.Keys.Select(k => (k, k, (int?)null));
        foreach (var (key, relative, mode) in mappings)
        {
            if (!data.TryGetValue(key, out var bytes))
            {
                continue;
            }

            var file = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
            if ((mode ?? defaultMode) is { } m)
            {
                File.SetUnixFileMode(file, (UnixFileMode)m);
            }
        }

        return dir;
    }
}
