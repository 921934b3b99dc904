using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>A user step that reads what an earlier user step wrote.</summary>
public sealed class AnnotationRewritingStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        pod.Pod.Metadata.Annotations["example.com/executor"] = "seen:" + pod.Pod.Metadata.Annotations["example.com/executor"];
        return pod;
    }
}
