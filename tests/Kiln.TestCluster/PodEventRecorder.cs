using k8s;
using k8s.Models;
using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>Records core/v1 Events about a pod as a kubelet would (Started, Killing, BackOff, Failed), for <c>kubectl describe</c>.</summary>
internal sealed class PodEventRecorder(IKubernetes client, string nodeName)
{
    public async Task RecordAsync(V1Pod pod, string type, string reason, string message, string? fieldPath, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{pod.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(253, (pod.Metadata.Name?.Length ?? 0) + 17)],
                NamespaceProperty = pod.Metadata.NamespaceProperty,
            },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                NamespaceProperty = pod.Metadata.NamespaceProperty,
                Uid = pod.Metadata.Uid,
                FieldPath = fieldPath,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = "kubelet", Host = nodeName },
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException)
        {
            // Events are best effort, as in the kubelet (the namespace may be terminating).
        }
    }
}
