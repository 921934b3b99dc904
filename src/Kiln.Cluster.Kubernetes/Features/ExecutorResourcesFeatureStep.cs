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
        var resources = PodEdits.SetCpuAndMemory(pod.Container, options.RequestCores, options.Cores, options.LimitCores, options.PodMemoryMiB);
        foreach (var (name, amount) in options.ExtendedResources)
        {
            resources.Limits[name] = new ResourceQuantity(amount);
        }

        return pod;
    }
}
