using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Why a pending pod cannot start without someone changing something: the scheduler cannot place it
/// (<c>Unschedulable</c>), its image cannot be pulled (<c>ErrImagePull</c>, <c>ImagePullBackOff</c>, <c>InvalidImageName</c>),
/// or its container cannot be configured (<c>CreateContainerConfigError</c>: a missing Secret or ConfigMap).
/// </summary>
public sealed record PodBlocker(string Reason, string Message)
{
    private static readonly string[] ContainerReasons = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "ErrImageNeverPull"];

    public static PodBlocker? Of(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var unschedulable = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable");
        if (unschedulable is not null)
        {
            return new PodBlocker("Unschedulable", unschedulable.Message ?? "the scheduler found no node for it");
        }

        foreach (var status in (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []))
        {
            if (status.State?.Waiting is { Reason: { } reason } waiting && ContainerReasons.Contains(reason))
            {
                var message = waiting.Message is { Length: > 0 } m ? m : reason;
                return new PodBlocker(reason, reason.Contains("Image", StringComparison.Ordinal) && !message.Contains(status.Image ?? "\0", StringComparison.Ordinal)
                    ? $"image {status.Image}: {message}"
                    : message);
            }
        }

        return null;
    }

    /// <summary>"ErrImagePull: image registry.example.com/kiln:1: ..." with what to change.</summary>
    public string Describe() => $"{Reason}: {Message}{Hint()}";

    private string Hint() => Reason switch
    {
        "Unschedulable" => " (ask for less: kiln.executor.cores, kiln.executor.memory, kiln.kubernetes.executor.request.cores; or check node selectors and taints)",
        "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" or "ErrImageNeverPull" => " (check kiln.kubernetes.container.image, its registry and kiln.kubernetes.container.image.pullSecrets)",
        "CreateContainerConfigError" => " (a Secret or ConfigMap the pod refers to is missing in its namespace)",
        _ => string.Empty,
    };
}
