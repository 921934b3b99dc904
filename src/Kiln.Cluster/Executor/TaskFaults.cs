using Kiln.Common.Config;
using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Executor;

/// <summary>
/// Faults injected into an executor's tasks for tests, from the testing-only keys <c>kiln.test.taskDelay</c> (every
/// task waits before it runs, so a test can kill the executor meanwhile) and <c>kiln.test.failingExecutors</c>
/// (these executors fail every task). Both are off unless set.
/// </summary>
internal sealed record TaskFaults(TimeSpan Delay, IReadOnlySet<string> FailingExecutors)
{
    public static readonly TaskFaults None = new(TimeSpan.Zero, new HashSet<string>());

    public static TaskFaults FromConf(KilnConf conf)
    {
        var failing = conf.Get(ConfigKeys.TestFailingExecutors)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new TaskFaults(conf.Get(ConfigKeys.TestTaskDelay), failing);
    }

    public bool Fails(string executorId) => FailingExecutors.Contains(executorId) || FailingExecutors.Contains("*");

    /// <summary>The injected failure, thrown and caught so that it carries a stack trace like a real one.</summary>
    public static InvalidOperationException InjectedFailure(TaskDescription task, string executorId)
    {
        try
        {
            throw new InvalidOperationException($"injected failure of {task.Name} on executor {executorId} (kiln.test.failingExecutors)");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
