using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Cluster.Kubernetes.Submission.Steps;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// Builds a cluster-mode driver pod as a fold of driver feature steps over the driver's pod template (or an empty pod),
/// as <see cref="ExecutorPodBuilder"/> builds executors:
/// <code>
///   template ─> Basic ─> Mounts ─> StagedBundle ─> Service ─> (ConfigMap: the submitted configuration plus what the steps added)
/// </code>
/// The result is the pod and the objects to create with it; every one of them is owned by the driver pod once it exists.
/// </summary>
public sealed class DriverPodBuilder
{
    private readonly PodTemplate _template;
    private readonly IReadOnlyList<IDriverFeatureStep> _steps;

    /// <exception cref="PodTemplateException">The template file cannot be used.</exception>
    public DriverPodBuilder(DriverPodOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _template = new PodTemplate(options.PodTemplateFile, options.PodTemplateContainerName, DriverConfigKeys.DriverPodTemplateContainerName.Key, DriverPodLabels.ContainerName);
        _steps = [new BasicDriverFeatureStep(), new DriverMountsFeatureStep(), new DriverStagedBundleFeatureStep(), new DriverServiceFeatureStep()];
    }

    /// <param name="conf">The submitted configuration (every key set by the user and the submitter), written to the driver's ConfigMap.</param>
    public DriverPod Build(DriverPodContext context, IReadOnlyDictionary<string, string> conf)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(conf);
        var (pod, container) = _template.Start();
        var driver = new DriverPod(pod, container, [], new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var step in _steps)
        {
            driver = step.Configure(Copy(driver), context);
        }

        var all = new SortedDictionary<string, string>(conf.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (key, value) in driver.Conf)
        {
            all[key] = value;
        }

        var options = context.Options;
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = options.ConfigMapName, NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string> { [ExecutorPodLabels.AppId] = options.AppId } },
            Data = new Dictionary<string, string> { [DriverPodLabels.PropertiesFileName] = PropertiesFile.Write(all) },
        };
        PodEdits.AddVolume(driver.Pod, new V1Volume { Name = "kiln-conf-volume", ConfigMap = new V1ConfigMapVolumeSource { Name = options.ConfigMapName } });
        PodEdits.AddMount(driver.Container, new V1VolumeMount { Name = "kiln-conf-volume", MountPath = DriverPodLabels.ConfDirectory, ReadOnlyProperty = true });
        driver.Pod.ApiVersion = "v1";
        driver.Pod.Kind = "Pod";
        return driver with { Resources = [.. driver.Resources, configMap], Conf = all };
    }

    private static DriverPod Copy(DriverPod pod)
    {
        var index = pod.Pod.Spec.Containers.IndexOf(pod.Container);
        var copy = PodTemplate.Clone(pod.Pod);
        return pod with { Pod = copy, Container = copy.Spec.Containers[index] };
    }
}
