using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Cluster.Tests;

/// <summary>
/// Dynamic allocation inside the cluster backend, on a fake clock with a scripted launcher (real in-process
/// executors): a waiting task makes it launch an executor once the backlog timeout has passed on the clock, and the
/// executor is released once it has been idle for the idle timeout. Time moves only when the test moves it.
/// </summary>
public sealed class BackendAllocationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ClusterBackendOptions Options(int executors) => new()
    {
        AppId = "app-allocation",
        Conf = new KilnConf()
            .Set(ConfigKeys.LocalDir.Key, _dir.Path)
            .Set(ConfigKeys.ExecutorStartTimeout.Key, "60s")
            .Set(ConfigKeys.ExecutorHeartbeatInterval.Key, "1000s")
            .Set(ConfigKeys.NetworkTimeout.Key, "1200s")
            .Set("kiln.dynamicAllocation.enabled", "true")
            .Set("kiln.dynamicAllocation.maxExecutors", "4")
            .Set("kiln.dynamicAllocation.schedulerBacklogTimeout", "1s")
            .Set("kiln.dynamicAllocation.executorIdleTimeout", "60s"),
        Executors = executors,
        CoresPerExecutor = 1,
        MemoryMiB = 256,
        FailStartOnLoss = false,
        TimeProvider = _clock,
    };

    private static int Count(ClusterBackend backend, ExecutorState state) => backend.Executors.Count(e => e.State == state);

    [Fact]
    public async Task A_waiting_task_starts_an_executor_after_the_backlog_timeout_and_the_idle_executor_is_released_after_the_idle_timeout()
    {
        var launcher = new ScriptedLauncher(_ => LaunchScript.Register, _dir.Path);
        await using var backend = await ClusterBackend.StartAsync(Options(0), launcher, new MapOutputTracker()).WaitAsync(Patience);
        using var watch = new ExecutorWatch(backend);
        Assert.Empty(backend.Executors);

        // No executor yet, and the task waits for one instead of failing.
        var result = backend.RunAsync(new TaskDescription(1, 0, 0, 0, 0, 0, []), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await watch.UntilAsync(e => e.Any(x => x.State == ExecutorState.Active), "an executor started by dynamic allocation");
        await result.WaitAsync(Patience);
        Assert.Equal(1, launcher.Launches);

        // Idle from now; the next tick past the idle timeout releases it.
        Assert.Equal(1, Count(backend, ExecutorState.Active));
        _clock.Advance(TimeSpan.FromSeconds(61));
        await watch.UntilAsync(e => e.All(x => x.State == ExecutorState.Stopped), "the idle executor released");
        var released = Assert.Single(backend.Executors);
        Assert.Contains("kiln.dynamicAllocation.executorIdleTimeout is 60s", released.LossReason, StringComparison.Ordinal);
        Assert.Equal(["0"], launcher.Killed);
        Assert.Equal(1, launcher.Launches);
    }
}
