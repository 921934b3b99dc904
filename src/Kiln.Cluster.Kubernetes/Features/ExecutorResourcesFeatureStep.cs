using System.Globalization;
using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// CPU and memory of the executor container: CPU request <c>kiln.kubernetes.executor.request.cores</c> (else the
/// executor's cores) and limit <c>kiln.kubernetes.executor.limit.cores</c>; memory request and limit = heap + overhead;
/// extended resources (GPUs) as limits. Other requests and limits from the template stay.
/// </summary>
public sealed class ExecutorResourcesFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        var resources = pod.Container.Resources ??= new V1ResourceRequirements();
        resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        var memory = new ResourceQuantity($"{options.PodMemoryMiB.ToString(CultureInfo.InvariantCulture)}Mi");
        resources.Requests["cpu"] = new ResourceQuantity(options.RequestCores ?? options.Cores.ToString(CultureInfo.InvariantCulture));
        resources.Requests["memory"] = memory;
        resources.Limits["memory"] = memory;
        if (options.LimitCores is { } limit)
        {
            resources.Limits["cpu"] = new ResourceQuantity(limit);
        }

        foreach (var (name, amount) in options.ExtendedResources)
        {
            resources.Limits[name] = new ResourceQuantity(amount);
        }

        return pod;
    }
}
