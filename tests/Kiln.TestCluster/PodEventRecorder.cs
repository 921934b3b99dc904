using Kiln.Kubernetes;
using Kiln.Kubernetes.Models;

namespace Kiln.TestCluster;

/// <summary>Records core/v1 Events about a pod as a kubelet would (Started, Killing, BackOff, Failed), for <c>kubectl describe</c>.</summary>
internal sealed class PodEventRecorder(KubernetesClient client, string nodeName)
{
    public async Task RecordAsync(Pod pod, string type, string reason, string message, string? fieldPath, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var ev = new Event
        {
            Metadata = new ObjectMeta
            {
                Name = $"{pod.Metadata.Name}.{Guid.NewGuid():N}"[..Math.Min(253, (pod.Metadata.Name?.Length ?? 0) + 17)],
                Namespace = pod.Metadata.Namespace,
            },
            InvolvedObject = new ObjectReference
            {
                ApiVersion = "v1",
                Kind = "Pod",
                Name = pod.Metadata.Name,
                Namespace = pod.Metadata.Namespace,
                Uid = pod.Metadata.Uid,
                FieldPath = fieldPath,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new EventSource { Component = "kubelet", Host = nodeName },
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
        };
        try
        {
            await client.Events.CreateAsync(ev, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException)
        {
            // Events are best effort, as in the kubelet (the namespace may be terminating).
        }
    }
}
