using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Node selectors (<c>node.selector.*</c>, <c>executor.node.selector.*</c>) and the scheduler name; affinity, tolerations and priority come from the template.</summary>
public sealed class NodePlacementFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        var options = context.Options;
        if (options.NodeSelector.Count > 0)
        {
            pod.Pod.Spec.NodeSelector ??= new Dictionary<string, string>();
            PodEdits.Merge(pod.Pod.Spec.NodeSelector, options.NodeSelector);
        }

        if (options.SchedulerName is { } scheduler)
        {
            pod.Pod.Spec.SchedulerName = scheduler;
        }

        return pod;
    }
}
