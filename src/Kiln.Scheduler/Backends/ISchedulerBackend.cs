using Kiln.Execution.Tasks;

namespace Kiln.Scheduler.Backends;

/// <summary>
/// Where tasks run: threads in this process (<see cref="LocalBackend"/>), executor processes, or pods. The DAG
/// scheduler is the same for all of them.
/// </summary>
public interface ISchedulerBackend : IAsyncDisposable
{
    /// <summary>How many tasks can run at once; also the default number of partitions for scans.</summary>
    int DefaultParallelism { get; }

    /// <summary>Runs one task attempt and reports its result. Failures are reported as results, not thrown.</summary>
    Task<TaskResult> RunAsync(TaskDescription task, CancellationToken cancellationToken);

    /// <summary>Deletes the map outputs of finished jobs' shuffles wherever the backend keeps them (this machine, or every executor).</summary>
    void RemoveShuffles(IReadOnlyList<int> shuffleIds);
}
