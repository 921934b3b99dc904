namespace Kiln.Scheduler;

/// <summary>
/// What the DAG scheduler had to redo, counted over the application: tasks that could not fetch their shuffle input,
/// and map tasks run again for a partition whose output had been computed before (after a fetch failure or the loss
/// of the executor holding it). Zero for both means no shuffle output was ever lost.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SchedulerCounters
{
    private long _fetchFailedTasks;
    private long _recomputedMapTasks;

    /// <summary>Task attempts that ended with a fetch failure.</summary>
    public long FetchFailedTasks => Interlocked.Read(ref _fetchFailedTasks);

    /// <summary>Map tasks launched for a (shuffle, map partition) that had already succeeded once.</summary>
    public long RecomputedMapTasks => Interlocked.Read(ref _recomputedMapTasks);

    internal void AddFetchFailures(int count) => Interlocked.Add(ref _fetchFailedTasks, count);

    internal void AddRecomputedMapTasks(int count) => Interlocked.Add(ref _recomputedMapTasks, count);
}
