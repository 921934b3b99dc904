using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>A user step: records what Kiln's steps gave it in annotations.</summary>
public sealed class LabelCopyingStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        pod.Pod.Metadata.Annotations ??= new Dictionary<string, string>();
        pod.Pod.Metadata.Annotations["example.com/executor"] = pod.Pod.Metadata.Labels[ExecutorPodLabels.ExecutorId];
        pod.Pod.Metadata.Annotations["example.com/local-dir"] = pod.LocalDir ?? "(none)";
        return pod;
    }
}
