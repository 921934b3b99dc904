using Kiln.Cluster.Driver;
using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>The queue of tasks waiting for cores: order, removal by id, removal while walking.</summary>
public sealed class TaskQueueTests
{
    private static PendingTask Pending(long id) => new(new TaskDescription(id, 0, 1, 0, (int)id, 0, []));

    private static (TaskQueue Queue, PendingTask[] Tasks) Filled(int count)
    {
        var queue = new TaskQueue();
        var tasks = Enumerable.Range(0, count).Select(i => Pending(i)).ToArray();
        foreach (var task in tasks)
        {
            queue.Enqueue(task);
        }

        return (queue, tasks);
    }

    [Fact]
    public void Tasks_come_out_oldest_first_and_leave_by_id()
    {
        var (queue, tasks) = Filled(4);

        Assert.True(queue.TryRemove(2, out var removed));
        Assert.Same(tasks[2], removed);
        Assert.False(queue.TryRemove(2, out _));
        Assert.Equal([tasks[0], tasks[1], tasks[3]], queue.Walk());
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void The_task_being_looked_at_may_be_removed_while_walking()
    {
        var (queue, tasks) = Filled(3);

        var seen = new List<PendingTask>();
        foreach (var task in queue.Walk())
        {
            seen.Add(task);
            queue.Remove(task);
        }

        Assert.Equal(tasks, seen);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Draining_while_walking_ends_the_walk_and_returns_every_task_once()
    {
        var (queue, tasks) = Filled(3);

        var seen = new List<PendingTask>();
        PendingTask[] drained = [];
        foreach (var task in queue.Walk())
        {
            seen.Add(task);
            drained = queue.DrainAll();
        }

        Assert.Equal([tasks[0]], seen);
        Assert.Equal(tasks, drained);
        Assert.Empty(queue.Walk());
    }
}
