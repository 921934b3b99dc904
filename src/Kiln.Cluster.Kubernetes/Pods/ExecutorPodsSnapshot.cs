using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// An immutable view of all of an application's executor pods at one moment, keyed by executor id (the
/// <c>kiln-exec-id</c> label). <see cref="FullAt"/> is when the state was last replaced by a full list.
/// </summary>
public sealed record ExecutorPodsSnapshot(IReadOnlyDictionary<string, ExecutorPodState> Pods, DateTimeOffset FullAt)
{
    public static ExecutorPodsSnapshot Empty { get; } = new(new Dictionary<string, ExecutorPodState>(), DateTimeOffset.MinValue);

    /// <summary>This snapshot with one pod updated (or marked deleted).</summary>
    public ExecutorPodsSnapshot With(V1Pod pod, bool deleted)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (ExecutorId(pod) is not { } id)
        {
            return this;
        }

        var pods = new Dictionary<string, ExecutorPodState>(Pods, StringComparer.Ordinal)
        {
            [id] = deleted ? new ExecutorPodState.Deleted(pod) : ExecutorPodState.Of(pod),
        };
        return this with { Pods = pods };
    }

    /// <summary>
    /// A snapshot from a full list: the listed pods, and every pod of this snapshot that the list no longer has,
    /// as deleted (its deletion event may have been missed while the watch was down).
    /// </summary>
    public ExecutorPodsSnapshot Replaced(IEnumerable<V1Pod> listed, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var pods = new Dictionary<string, ExecutorPodState>(StringComparer.Ordinal);
        foreach (var pod in listed)
        {
            if (ExecutorId(pod) is { } id)
            {
                pods[id] = ExecutorPodState.Of(pod);
            }
        }

        foreach (var (id, state) in Pods)
        {
            if (!pods.ContainsKey(id))
            {
                pods[id] = state as ExecutorPodState.Deleted ?? new ExecutorPodState.Deleted(state.Pod);
            }
        }

        return new ExecutorPodsSnapshot(pods, at);
    }

    public static string? ExecutorId(V1Pod pod) =>
        pod?.Metadata?.Labels is { } labels && labels.TryGetValue(ExecutorPodLabels.ExecutorId, out var id) ? id : null;
}
