using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// The driver's handle on one executor pod: its description follows the pod (name, then node once scheduled), its
/// exit is set by the lifecycle manager from the pod's final state, a kill deletes the pod.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class PodHandle : IExecutorHandle
{
    private readonly TaskCompletionSource<ExecutorExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<PodHandle, Task> _delete;
    private volatile IReadOnlyList<string> _tail = [];
    private volatile string? _node;
    private int _deleted;

    public PodHandle(string executorId, string podName, DateTimeOffset createdAt, Func<PodHandle, Task> delete)
    {
        ExecutorId = executorId;
        PodName = podName;
        CreatedAt = createdAt;
        _delete = delete;
    }

    public string ExecutorId { get; }

    public string PodName { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>True once the pod has been seen in a snapshot (until then it may still be on its way).</summary>
    public bool Seen { get; set; }

    public string Description => _node is { } node ? $"pod {PodName} on {node}" : $"pod {PodName}";

    public Task<ExecutorExit> Exited => _exited.Task;

    public IReadOnlyList<string> OutputTail() => _tail;

    public void SetNode(string? node)
    {
        if (node is { Length: > 0 })
        {
            _node = node;
        }
    }

    /// <summary>Ends the executor with how its pod ended, and the last lines of its log when they were read.</summary>
    public bool Complete(ExecutorExit exit, IReadOnlyList<string>? tail = null)
    {
        if (tail is not null)
        {
            _tail = tail;
        }

        return _exited.TrySetResult(exit);
    }

    public void Kill()
    {
        if (Interlocked.Exchange(ref _deleted, 1) == 0)
        {
            _ = _delete(this);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }
}
