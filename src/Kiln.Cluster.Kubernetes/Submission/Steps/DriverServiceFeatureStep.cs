using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Submission.Steps;

/// <summary>
/// The headless Service executors reach the driver through (its RPC and UI ports, selecting the driver pod by its
/// labels), and the driver's address and ports in its configuration: the Service's DNS name, or the pod's IP with
/// <c>kiln.kubernetes.executor.useDriverPodIP</c>.
/// </summary>
public sealed class DriverServiceFeatureStep : IDriverFeatureStep
{
    public DriverPod Configure(DriverPod pod, DriverPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = options.ServiceName,
                NamespaceProperty = options.Namespace,
                Labels = new Dictionary<string, string> { [ExecutorPodLabels.AppId] = options.AppId },
            },
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",
                Selector = new Dictionary<string, string> { [ExecutorPodLabels.AppId] = options.AppId, [ExecutorPodLabels.Role] = DriverPodLabels.DriverRole },
                Ports =
                [
                    new V1ServicePort { Name = "driver-rpc-port", Port = DriverPodOptions.RpcPort, TargetPort = DriverPodOptions.RpcPort, Protocol = "TCP" },
                    new V1ServicePort { Name = "kiln-ui", Port = DriverPodOptions.UiPort, TargetPort = DriverPodOptions.UiPort, Protocol = "TCP" },
                ],
            },
        };
        var conf = new Dictionary<string, string>(pod.Conf, StringComparer.Ordinal)
        {
            [KubernetesConfigKeys.DriverPort.Key] = DriverPodOptions.RpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Status.MonitoringConfigKeys.UiPort.Key] = DriverPodOptions.UiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!options.UseDriverPodIp)
        {
            conf[KubernetesConfigKeys.DriverHost.Key] = options.ServiceHost;
        }

        return pod with { Resources = [.. pod.Resources, service], Conf = conf };
    }
}
