namespace Kiln.Cluster.Driver;

/// <summary>
/// The tasks waiting for a core, oldest first, removable by id in O(1) (a cancelled task, a task placed out of
/// order because its preferred executor freed up).
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class TaskQueue
{
    private readonly LinkedList<PendingTask> _order = new();
    private readonly Dictionary<long, LinkedListNode<PendingTask>> _byId = [];

    public int Count => _byId.Count;

    public void Enqueue(PendingTask pending) => _byId[pending.Task.TaskId] = _order.AddLast(pending);

    public bool Remove(PendingTask pending) => TryRemove(pending.Task.TaskId, out _);

    public bool TryRemove(long taskId, out PendingTask pending)
    {
        if (_byId.Remove(taskId, out var node))
        {
            _order.Remove(node);
            pending = node.Value;
            return true;
        }

        pending = null!;
        return false;
    }

    /// <summary>
    /// The queued tasks, oldest first, lazily. The task just returned may be removed while walking; when the next one
    /// was removed meanwhile (the queue was drained), the walk ends there.
    /// </summary>
    public IEnumerable<PendingTask> Walk()
    {
        var node = _order.First;
        while (node is not null && node.List is not null)
        {
            var next = node.Next;
            yield return node.Value;
            node = next;
        }
    }

    /// <summary>Empties the queue and returns what it held, oldest first.</summary>
    public PendingTask[] DrainAll()
    {
        PendingTask[] all = [.. _order];
        _order.Clear();
        _byId.Clear();
        return all;
    }
}
