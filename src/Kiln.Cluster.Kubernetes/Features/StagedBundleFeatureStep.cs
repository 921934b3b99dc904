namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Executor pods of an application whose files were staged fetch the same bundle as the driver (<see cref="StagedBundle"/>).</summary>
public sealed class StagedBundleFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        context.Options.StagedBundle?.Apply(pod.Pod, pod.Container);
        return pod;
    }
}
