using Kiln.Common.Config;
using Kiln.Execution.Memory;

namespace Kiln.Execution.Tests.Memory;

public sealed class TaskMemoryManagerTests
{
    [Fact]
    public void Reservations_beyond_the_budget_are_refused_and_peak_is_kept()
    {
        using var m = new TaskMemoryManager(1000);
        Assert.True(m.TryReserve(600));
        Assert.False(m.TryReserve(401));
        Assert.Equal(600, m.UsedBytes);
        Assert.True(m.TryReserve(400));
        m.Release(700);
        Assert.Equal(300, m.UsedBytes);
        Assert.Equal(1000, m.PeakBytes);
        Assert.Equal(700, m.AvailableBytes);
    }

    [Fact]
    public void Releasing_more_than_reserved_is_an_error_that_keeps_the_books_intact()
    {
        using var m = new TaskMemoryManager(1000);
        m.TryReserve(10);
        Assert.Throws<InvalidOperationException>(() => m.Release(11));
        Assert.Equal(10, m.UsedBytes);
    }

    [Fact]
    public void The_executor_view_sums_running_tasks_and_forgets_finished_ones()
    {
        var tracker = new ExecutorMemoryTracker();
        var a = new TaskMemoryManager(1000, "a", tracker);
        var b = new TaskMemoryManager(1000, "b", tracker);
        a.TryReserve(300);
        b.ForceReserve(2000);
        b.RecordSpill(123);
        Assert.Equal(2300, tracker.UsedBytes);
        Assert.Equal(2, tracker.ActiveTasks);
        Assert.Equal(1, tracker.SpillCount);
        Assert.Equal(123, tracker.SpilledBytes);
        b.Dispose();
        Assert.Equal(300, tracker.UsedBytes);
        Assert.Equal(2300, tracker.PeakBytes);
        Assert.Equal(["a"], tracker.Snapshot().Select(s => s.Task));
        a.Dispose();
        Assert.Equal(0, tracker.UsedBytes);
        Assert.Equal(0, tracker.ActiveTasks);
    }

    [Fact]
    public void Concurrent_reservations_never_exceed_the_budget()
    {
        using var m = new TaskMemoryManager(10_000);
        var granted = 0L;
        Parallel.For(0, 20_000, _ =>
        {
            if (m.TryReserve(7))
            {
                Interlocked.Add(ref granted, 7);
            }
        });
        Assert.Equal(granted, m.UsedBytes);
        Assert.InRange(m.UsedBytes, 9_994, 10_000);
    }

    [Fact]
    public void The_budget_comes_from_kiln_task_memory()
    {
        using var m = TaskMemoryManager.FromConf(new KilnConf().Set("kiln.task.memory", "64m"));
        Assert.Equal(64L << 20, m.BudgetBytes);
    }
}
