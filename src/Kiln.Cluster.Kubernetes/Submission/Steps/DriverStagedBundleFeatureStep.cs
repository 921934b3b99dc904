using Kiln.Cluster.Kubernetes.Features;
using Kiln.Staging;

namespace Kiln.Cluster.Kubernetes.Submission.Steps;

/// <summary>
/// When the application's files go through the resource staging server: the driver pod mounts the bundle's Secret and
/// directory (<see cref="StagedBundle"/>), the Secret is created with the pod (its id and secret are filled in by
/// <see cref="ClusterSubmission"/> after the upload), and the driver's configuration names it so that executor pods
/// fetch the same bundle.
/// </summary>
public sealed class DriverStagedBundleFeatureStep : IDriverFeatureStep
{
    /// <summary>What the Secret holds until the upload has given the real id and secret (enough for a dry run).</summary>
    public const string Placeholder = "00000000000000000000000000000000";

    public DriverPod Configure(DriverPod pod, DriverPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Bundle is not { } bundle)
        {
            return pod;
        }

        bundle.Apply(pod.Pod, pod.Container);
        var options = context.Options;
        var secret = bundle.Secret(options.Namespace, options.AppId, Placeholder, Placeholder, bundle.HasCaCertificate ? string.Empty : null);
        var conf = new Dictionary<string, string>(pod.Conf, StringComparer.Ordinal) { [StagingConfigKeys.BundleSecretName.Key] = bundle.SecretName };
        return pod with { Resources = [.. pod.Resources, secret], Conf = conf };
    }
}
