using System.Globalization;
using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// Name, namespace, labels and annotations; the executor container's image, pull policy and the <c>kiln executor</c>
/// arguments (driver address, id, cores, heap, application id; the pod IP and local directory through <c>$(VAR)</c>);
/// the executor environment; restart policy Never; pull secrets and service account; with graceful decommission on,
/// the termination grace period that lets the executor hand its data over after SIGTERM.
/// </summary>
public sealed class BasicExecutorFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var p = pod.Pod;
        p.Metadata ??= new V1ObjectMeta();
        p.Metadata.Name = context.PodName;
        p.Metadata.NamespaceProperty = options.Namespace;
        p.Metadata.Labels ??= new Dictionary<string, string>();
        PodEdits.Merge(p.Metadata.Labels, options.Labels);
        p.Metadata.Labels[ExecutorPodLabels.AppId] = options.AppId;
        p.Metadata.Labels[ExecutorPodLabels.Role] = ExecutorPodLabels.ExecutorRole;
        p.Metadata.Labels[ExecutorPodLabels.ExecutorId] = context.Launch.ExecutorId;
        if (options.Annotations.Count > 0)
        {
            p.Metadata.Annotations ??= new Dictionary<string, string>();
            PodEdits.Merge(p.Metadata.Annotations, options.Annotations);
        }

        p.Spec.RestartPolicy = "Never";
        if (options.TerminationGracePeriodSeconds is { } grace)
        {
            p.Spec.TerminationGracePeriodSeconds = grace;
        }
        if (options.ServiceAccount is { } account)
        {
            p.Spec.ServiceAccountName = account;
        }

        PodEdits.AddPullSecrets(p, options.PullSecrets);

        var c = pod.Container;
        c.Image = options.Image;
        c.ImagePullPolicy = options.PullPolicy;
        c.Args = Arguments(context);
        foreach (var (name, value) in options.Environment)
        {
            PodEdits.SetEnv(c, name, value);
        }

        PodEdits.SetEnv(c, FromField(ExecutorPodLabels.PodIpVariable, "status.podIP"));
        PodEdits.SetEnv(c, FromField(ExecutorPodLabels.PodNameVariable, "metadata.name"));
        PodEdits.SetEnv(c, "DOTNET_GCHeapHardLimit", ((long)options.HeapMiB << 20).ToString("X", CultureInfo.InvariantCulture));
        return pod;
    }

    private static V1EnvVar FromField(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };

    /// <summary>
    /// The executor's arguments, its pod IP and local directory as <c>$(VAR)</c> references that Kubernetes expands from
    /// the container's environment; a <c>$</c> in a setting's value is doubled so that Kubernetes leaves it alone.
    /// </summary>
    private static List<string> Arguments(ExecutorPodContext context)
    {
        var launch = context.Launch;
        var literal = launch with { Conf = launch.Conf.ToDictionary(kv => kv.Key, kv => kv.Value.Replace("$", "$$", StringComparison.Ordinal), StringComparer.Ordinal) };
        return [.. literal.Arguments($"$({ExecutorPodLabels.LocalDirsVariable})", $"$({ExecutorPodLabels.PodIpVariable})")];
    }
}
