using k8s.Models;
using Kiln.Staging.Client;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// Where a pod gets the files <c>kiln submit</c> staged on the resource staging server: the bundle's Secret (resource
/// id and secret, and the server's CA certificate when there is one), owned by the driver pod. Driver and executor
/// pods alike get the Secret mounted read-only at <see cref="PodStaging.SecretMountPath"/>, the variables
/// <see cref="PodStaging"/> reads, and an emptyDir at <see cref="PodStaging.StagedDirectory"/> that <c>kiln driver</c> /
/// <c>kiln executor</c> extract the bundle into before they start. Every pod therefore sees the application at the
/// same path, which is what executors need to load its lambdas.
/// </summary>
/// <param name="SecretName">The bundle's Secret.</param>
/// <param name="ServerUri">The staging server as the pods reach it.</param>
/// <param name="HasCaCertificate">The Secret carries the server's CA certificate under <see cref="PodStaging.CaCertKey"/>.</param>
public sealed record StagedBundle(string SecretName, string ServerUri, bool HasCaCertificate)
{
    private const string SecretVolume = "kiln-staging-secret";
    private const string StagedVolume = "kiln-staged";

    /// <summary>The Secret's name for a driver pod.</summary>
    public static string SecretNameFor(string driverPodName) => driverPodName + "-staging";

    /// <summary>Mounts the bundle's Secret and directory into <paramref name="container"/> of <paramref name="pod"/>.</summary>
    public void Apply(V1Pod pod, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        List<V1KeyToPath> items = [new() { Key = PodStaging.ResourceSecretKey, Path = PodStaging.ResourceSecretKey }];
        if (HasCaCertificate)
        {
            items.Add(new V1KeyToPath { Key = PodStaging.CaCertKey, Path = PodStaging.CaCertKey });
        }

        PodEdits.AddVolume(pod, new V1Volume { Name = SecretVolume, Secret = new V1SecretVolumeSource { SecretName = SecretName, Items = items } });
        PodEdits.AddMount(container, new V1VolumeMount { Name = SecretVolume, MountPath = PodStaging.SecretMountPath, ReadOnlyProperty = true });
        PodEdits.AddVolume(pod, new V1Volume { Name = StagedVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        PodEdits.AddMount(container, new V1VolumeMount { Name = StagedVolume, MountPath = PodStaging.StagedDirectory });

        PodEdits.SetEnv(container, PodStaging.UriVariable, ServerUri);
        PodEdits.SetEnv(container, new V1EnvVar
        {
            Name = PodStaging.ResourceIdVariable,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName, Key = PodStaging.ResourceIdKey } },
        });
        PodEdits.SetEnv(container, PodStaging.SecretFileVariable, $"{PodStaging.SecretMountPath}/{PodStaging.ResourceSecretKey}");
        PodEdits.SetEnv(container, PodStaging.IntoVariable, PodStaging.StagedDirectory);
        if (HasCaCertificate)
        {
            PodEdits.SetEnv(container, PodStaging.CaCertVariable, $"{PodStaging.SecretMountPath}/{PodStaging.CaCertKey}");
        }
    }

    /// <summary>
    /// The bundle's Secret; <paramref name="resourceId"/> and <paramref name="resourceSecret"/> are placeholders in the
    /// server-side dry run before the upload.
    /// </summary>
    public V1Secret Secret(string ns, string appId, string resourceId, string resourceSecret, string? caCertificatePem)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PodStaging.ResourceIdKey] = resourceId,
            [PodStaging.ResourceSecretKey] = resourceSecret,
        };
        if (caCertificatePem is not null)
        {
            data[PodStaging.CaCertKey] = caCertificatePem;
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = "Opaque",
            Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = ns, Labels = new Dictionary<string, string> { [ExecutorPodLabels.AppId] = appId } },
            StringData = data,
        };
    }
}
