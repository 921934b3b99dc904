using Kiln.Cluster.Driver;
using static Kiln.Functions;

namespace Kiln.Cluster.Tests.Contract;

/// <summary>
/// What every executor launcher must do for the cluster backend, whatever it starts (local processes, pods): launched
/// executors register under their ids and run tasks, a raised target starts more, a killed executor ends and leaves
/// nothing behind, and once the session ends none of its executors remain. Each launcher's test project derives from
/// this class and says how to start a session and how to see an executor from the outside.
/// </summary>
public abstract class ExecutorLauncherContract
{
    private const long Rows = 50_000;

    /// <summary>Starts a session on the launcher under test with <paramref name="executors"/> one-core executors.</summary>
    protected abstract Task<KilnSession> StartSessionAsync(int executors);

    /// <summary>The cluster backend of a session started by <see cref="StartSessionAsync"/>.</summary>
    protected abstract ClusterBackend ClusterOf(KilnSession session);

    /// <summary>Whether executor <paramref name="executorId"/> of application <paramref name="appId"/> still exists outside the driver (a process, a pod).</summary>
    protected abstract Task<bool> ExistsAsync(string appId, string executorId);

    /// <summary>The test project's one way to wait: polls until <paramref name="condition"/> holds, else fails naming <paramref name="what"/>.</summary>
    protected abstract Task WaitUntilAsync(Func<Task<bool>> condition, string what);

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static int InState(ClusterBackend cluster, ExecutorState state) => cluster.Executors.Count(e => e.State == state);

    [Fact]
    public async Task Launched_executors_register_under_their_ids_and_run_a_shuffle_exactly()
    {
        await using var session = await StartSessionAsync(2);
        var cluster = ClusterOf(session);
        Assert.Equal(["0", "1"], cluster.Executors.Where(e => e.State == ExecutorState.Active).Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.All(cluster.Executors, e => Assert.Equal(1, e.Cores));

        var totals = session.Range(0, Rows, 1, 4)
            .Select((Col("id") % Lit(7L)).Alias("k"), Col("id"))
            .GroupBy("k")
            .Agg(Count().Alias("n"))
            .Collect()
            .ToDictionary(r => Convert.ToInt64(r.Values[0], System.Globalization.CultureInfo.InvariantCulture), r => Convert.ToInt64(r.Values[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 7).ToDictionary(k => (long)k, k => Enumerable.Range(0, (int)Rows).LongCount(i => i % 7 == k)), totals);
    }

    [Fact]
    public async Task A_raised_target_starts_an_executor_that_registers()
    {
        await using var session = await StartSessionAsync(1);
        var cluster = ClusterOf(session);
        cluster.RequestTotalExecutors(2);
        await WaitUntilAsync(() => InState(cluster, ExecutorState.Active) == 2, "a second executor registered");
        Assert.True(await ExistsAsync(session.AppId, "1"));
    }

    [Fact]
    public async Task A_killed_executor_ends_leaves_nothing_behind_and_is_not_replaced()
    {
        await using var session = await StartSessionAsync(2);
        var cluster = ClusterOf(session);
        Assert.True(await ExistsAsync(session.AppId, "1"));

        cluster.KillExecutor("1", "the test asked for it");
        await WaitUntilAsync(() => InState(cluster, ExecutorState.Stopped) == 1, "executor 1 stopped");
        await WaitUntilAsync(async () => !await ExistsAsync(session.AppId, "1"), "executor 1 gone from outside the driver");
        Assert.Equal("the test asked for it", cluster.Executors.Single(e => e.Id == "1").LossReason);
        Assert.Equal(1, InState(cluster, ExecutorState.Active));
        Assert.DoesNotContain(cluster.Executors, e => e.Id == "2");
    }

    [Fact]
    public async Task Once_the_session_ends_none_of_its_executors_remain()
    {
        string appId;
        await using (var session = await StartSessionAsync(2))
        {
            appId = session.AppId;
            Assert.True(await ExistsAsync(appId, "0"));
            Assert.True(await ExistsAsync(appId, "1"));
        }

        await WaitUntilAsync(async () => !await ExistsAsync(appId, "0") && !await ExistsAsync(appId, "1"), "both executors gone after the session");
    }
}
