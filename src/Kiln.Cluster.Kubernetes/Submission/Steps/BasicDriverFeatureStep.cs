using System.Globalization;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Submission.Steps;

/// <summary>
/// Name, namespace, labels (<c>kiln-app-id</c>, <c>kiln-role=driver</c>) and annotations; the driver container's image,
/// the <c>kiln driver</c> arguments, environment (the pod's name and IP from the downward API, the GC heap limit),
/// CPU and memory (heap + overhead); restart policy Never; node selectors, pull secrets and service account.
/// </summary>
public sealed class BasicDriverFeatureStep : IDriverFeatureStep
{
    public DriverPod Configure(DriverPod pod, DriverPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var p = pod.Pod;
        p.Metadata ??= new V1ObjectMeta();
        p.Metadata.Name = options.DriverPodName;
        p.Metadata.NamespaceProperty = options.Namespace;
        p.Metadata.Labels ??= new Dictionary<string, string>();
        PodEdits.Merge(p.Metadata.Labels, options.Labels);
        p.Metadata.Labels[ExecutorPodLabels.AppId] = options.AppId;
        p.Metadata.Labels[ExecutorPodLabels.Role] = DriverPodLabels.DriverRole;
        if (options.Annotations.Count > 0)
        {
            p.Metadata.Annotations ??= new Dictionary<string, string>();
            PodEdits.Merge(p.Metadata.Annotations, options.Annotations);
        }

        p.Spec.RestartPolicy = "Never";
        if (options.ServiceAccount is { } account)
        {
            p.Spec.ServiceAccountName = account;
        }

        PodEdits.AddPullSecrets(p, options.PullSecrets);

        if (options.NodeSelector.Count > 0)
        {
            p.Spec.NodeSelector ??= new Dictionary<string, string>();
            PodEdits.Merge(p.Spec.NodeSelector, options.NodeSelector);
        }

        var c = pod.Container;
        c.Image = options.Image;
        c.ImagePullPolicy = options.PullPolicy;
        c.Args = ["driver", "--properties-file", DriverPodLabels.PropertiesFile, Literal(context.AppResource), .. context.AppArgs.Select(Literal)];
        c.Ports ??= [];
        AddPort(c, "driver-rpc-port", DriverPodOptions.RpcPort);
        AddPort(c, "kiln-ui", DriverPodOptions.UiPort);
        foreach (var (name, value) in options.Environment)
        {
            PodEdits.SetEnv(c, name, value);
        }

        PodEdits.SetEnv(c, FromField(DriverPodLabels.PodIpVariable, "status.podIP"));
        PodEdits.SetEnv(c, FromField(DriverPodLabels.PodNameVariable, "metadata.name"));
        PodEdits.SetEnv(c, "DOTNET_GCHeapHardLimit", ((long)options.HeapMiB << 20).ToString("X", CultureInfo.InvariantCulture));

        PodEdits.SetCpuAndMemory(c, options.RequestCores, options.Cores, options.LimitCores, options.PodMemoryMiB);
        return pod;
    }

    /// <summary>An argument Kubernetes passes as it is: a <c>$</c> is doubled so that <c>$(VAR)</c> is not expanded.</summary>
    private static string Literal(string arg) => arg.Replace("$", "$$", StringComparison.Ordinal);

    private static void AddPort(V1Container container, string name, int port)
    {
        if (container.Ports.All(p => p.ContainerPort != port))
        {
            container.Ports.Add(new V1ContainerPort { Name = name, ContainerPort = port, Protocol = "TCP" });
        }
    }

    private static V1EnvVar FromField(string name, string path) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } } };
}
