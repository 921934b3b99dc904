namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>When the driver runs in a pod, every executor pod is owned by it: deleting the driver pod deletes them.</summary>
public sealed class OwnerReferenceFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Owner is { } owner)
        {
            pod.Pod.Metadata.OwnerReferences ??= [];
            if (pod.Pod.Metadata.OwnerReferences.All(o => o.Uid != owner.Uid))
            {
                pod.Pod.Metadata.OwnerReferences.Add(owner);
            }
        }

        return pod;
    }
}
