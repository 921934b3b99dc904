using k8s;
using k8s.Models;
using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>Reads that treat a missing object as null, as the kubelet's lookups of a pod's ConfigMaps, Secrets and claims do.</summary>
internal static class ClientExtensions
{
    public static async Task<V1ConfigMap?> TryReadConfigMapAsync(this IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public static async Task<V1Secret?> TryReadSecretAsync(this IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public static async Task<V1PersistentVolumeClaim?> TryReadClaimAsync(this IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }
}
