using k8s.Models;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Turns a pod's final state into an <see cref="ExecutorExit"/> that says, in one line, what happened and what to
/// change: the executor container's exit code or signal, OOMKilled with the memory limit and the settings to raise,
/// Evicted with the node's message, a deletion by someone else.
/// </summary>
internal static class PodExits
{
    public static ExecutorExit Of(ExecutorPodState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var pod = state.Pod;
        if (pod.Status?.Reason == "Evicted")
        {
            return new ExecutorExit(null, null, "Evicted", $"{pod.Status.Message ?? "the node evicted it"} (node {pod.Spec?.NodeName})");
        }

        var container = ExecutorContainer(pod);
        if (container?.State?.Terminated is { } terminated)
        {
            var reason = terminated.Reason is "Error" or "Completed" ? null : terminated.Reason;
            var message = terminated.Reason == "OOMKilled" ? OomMessage(pod) : terminated.Message;
            if (state is ExecutorPodState.Deleted && reason is null && terminated.ExitCode != 0)
            {
                message = "the pod was deleted and its container stopped" + (message is null ? string.Empty : $": {message}");
            }

            int? signal = terminated.Signal is > 0 ? terminated.Signal : null;
            return new ExecutorExit(signal is null ? terminated.ExitCode : null, signal, reason, message);
        }

        return state switch
        {
            ExecutorPodState.Deleted => new ExecutorExit(null, null, "Deleted", "its pod was deleted (kubectl delete, a node drain, or the node going away)"),
            ExecutorPodState.Failed => new ExecutorExit(null, null, pod.Status?.Reason ?? "Failed", pod.Status?.Message ?? "the pod failed"),
            _ => new ExecutorExit(0, null, null, null),
        };
    }

    /// <summary>True when the executor failed by itself (its log says why).</summary>
    public static bool WorthReadingLog(ExecutorExit exit) => exit.FailedByItself && exit.Reason is null or "Error";

    private static V1ContainerStatus? ExecutorContainer(V1Pod pod)
    {
        var statuses = pod.Status?.ContainerStatuses ?? [];
        return statuses.FirstOrDefault(s => s.Name == ExecutorPodLabels.ContainerName)
            ?? statuses.FirstOrDefault(s => pod.Spec?.Containers?.FirstOrDefault()?.Name == s.Name)
            ?? statuses.FirstOrDefault();
    }

    private static string OomMessage(V1Pod pod)
    {
        var limit = pod.Spec?.Containers?.Select(c => (c.Resources?.Limits is { } limits && limits.TryGetValue("memory", out var m) ? m : null)).FirstOrDefault(l => l is not null);
        return $"the executor used more than its memory limit{(limit is null ? string.Empty : $" of {limit}")}; raise kiln.executor.memoryOverhead (or kiln.executor.memory)";
    }
}
