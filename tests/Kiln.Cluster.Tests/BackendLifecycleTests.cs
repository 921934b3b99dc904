using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Cluster.Tests;

/// <summary>
/// The cluster backend's executor lifecycle, driven through a scripted launcher on a fake clock: start-up by ratio and
/// longest wait, start timeouts, heartbeat loss, replacement up to kiln.executor.maxFailures, fail fast, target changes
/// and kills. Executors that register are real (in-process, over sockets); time moves only when a test moves it.
/// </summary>
public sealed class BackendLifecycleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ClusterBackendOptions Options(int executors, Action<KilnConf>? conf = null)
    {
        var settings = new KilnConf()
            .Set(ConfigKeys.LocalDir.Key, _dir.Path)
            .Set(ConfigKeys.ExecutorStartTimeout.Key, "60s")
            // Heartbeats far apart in real time, so a test that moves the fake clock decides alone when one is late.
            .Set(ConfigKeys.ExecutorHeartbeatInterval.Key, "1000s")
            .Set(ConfigKeys.NetworkTimeout.Key, "1200s")
            .Set(ConfigKeys.ExecutorMaxFailures.Key, "2");
        conf?.Invoke(settings);
        return new ClusterBackendOptions
        {
            AppId = "app-lifecycle",
            Conf = settings,
            Executors = executors,
            CoresPerExecutor = 1,
            MemoryMiB = 256,
            FailStartOnLoss = false,
            TimeProvider = _clock,
        };
    }

    private static Task<ClusterBackend> StartAsync(ClusterBackendOptions options, ScriptedLauncher launcher) =>
        ClusterBackend.StartAsync(options, launcher, new MapOutputTracker());

    private ScriptedLauncher Launcher(Func<int, LaunchScript> script) => new(script, _dir.Path);

    private static int Count(ClusterBackend backend, ExecutorState state) => backend.Executors.Count(e => e.State == state);

    private static Task WaitForAsync(Func<bool> condition, string what) => ExecutorProcesses.WaitUntilAsync(condition, Patience, what);

    private static TaskDescription SomeTask() => new(1, 0, 0, 0, 0, 0, []);

    [Fact]
    public async Task Start_up_returns_once_every_executor_has_registered()
    {
        var launcher = Launcher(_ => LaunchScript.Register);
        await using (var backend = await StartAsync(Options(2), launcher).WaitAsync(Patience))
        {
            Assert.Equal(2, Count(backend, ExecutorState.Active));
            Assert.Equal(2, launcher.Launches);
            Assert.Equal(2, backend.DefaultParallelism);
        }

        Assert.True(launcher.Disposed);
    }

    [Fact]
    public async Task A_driver_listening_on_every_interface_is_reached_at_its_advertised_host()
    {
        var launcher = Launcher(_ => LaunchScript.Register);
        await using var backend = await StartAsync(Options(1) with { Host = "127.0.0.1", BindAddress = "0.0.0.0" }, launcher).WaitAsync(Patience);
        Assert.Equal("127.0.0.1", backend.Address.Host);
        Assert.NotEqual(0, backend.Address.Port);
        Assert.Equal(1, Count(backend, ExecutorState.Active));
    }

    [Fact]
    public async Task With_a_registered_ratio_start_up_does_not_wait_for_the_rest()
    {
        var launcher = Launcher(n => n == 0 ? LaunchScript.Register : LaunchScript.NeverRegister);
        await using var backend = await StartAsync(Options(2) with { MinRegisteredRatio = 0.5 }, launcher).WaitAsync(Patience);
        Assert.Equal(1, Count(backend, ExecutorState.Active));
        Assert.Equal(1, Count(backend, ExecutorState.Starting));
    }

    [Fact]
    public async Task Start_up_waits_for_the_ratio_until_the_longest_wait_has_passed_on_the_clock()
    {
        var launcher = Launcher(n => n == 0 ? LaunchScript.Register : LaunchScript.NeverRegister);
        var starting = StartAsync(Options(2) with { MaxRegisteredWait = TimeSpan.FromSeconds(30) }, launcher);
        await WaitForAsync(() => launcher.Launches == 2, "both launches");

        // One executor registers in real time; the other never does, and the clock has not moved.
        await Task.WhenAny(starting, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.False(starting.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(31));
        await using var backend = await starting.WaitAsync(Patience);
        await WaitForAsync(() => Count(backend, ExecutorState.Active) == 1, "the registered executor");
    }

    [Fact]
    public async Task An_executor_that_does_not_register_within_the_start_timeout_is_lost_and_replaced()
    {
        var launcher = Launcher(n => n == 0 ? LaunchScript.NeverRegister : LaunchScript.Register);
        var starting = StartAsync(Options(1) with { MaxRegisteredWait = TimeSpan.FromMinutes(10) }, launcher);
        await WaitForAsync(() => launcher.Launches == 1, "the first launch");

        _clock.Advance(TimeSpan.FromSeconds(61));
        await using var backend = await starting.WaitAsync(Patience);
        var lost = Assert.Single(backend.Executors, e => e.State == ExecutorState.Lost);
        Assert.Equal("0", lost.Id);
        Assert.Contains("did not register within 60s (kiln.executor.startTimeout)", lost.LossReason, StringComparison.Ordinal);
        Assert.Equal(["0"], launcher.Killed);
        Assert.Equal("1", Assert.Single(backend.Executors, e => e.State == ExecutorState.Active).Id);
    }

    [Fact]
    public async Task An_executor_without_heartbeats_for_the_network_timeout_is_lost_and_replaced()
    {
        var launcher = Launcher(_ => LaunchScript.Register);
        await using var backend = await StartAsync(Options(1), launcher).WaitAsync(Patience);

        _clock.Advance(TimeSpan.FromSeconds(1201));
        await WaitForAsync(() => Count(backend, ExecutorState.Lost) == 1 && Count(backend, ExecutorState.Active) == 1, "a replacement after the heartbeat loss");
        var lost = Assert.Single(backend.Executors, e => e.State == ExecutorState.Lost);
        Assert.StartsWith("no heartbeat for 1201s (kiln.network.timeout is 1200s)", lost.LossReason, StringComparison.Ordinal);
        Assert.Equal(2, launcher.Launches);
    }

    [Fact]
    public async Task Crashing_executors_are_replaced_up_to_max_failures_then_waiting_tasks_fail_with_the_last_reason()
    {
        var launcher = Launcher(_ => LaunchScript.Crash);
        var starting = StartAsync(Options(1) with { MaxRegisteredWait = TimeSpan.FromSeconds(5) }, launcher);
        await WaitForAsync(() => launcher.Launches == 3, "three launches (the first and two replacements)");
        _clock.Advance(TimeSpan.FromSeconds(6));
        await using var backend = await starting.WaitAsync(Patience);

        var result = await backend.RunAsync(SomeTask(), CancellationToken.None).WaitAsync(Patience);
        var error = Assert.IsType<NoExecutorsException>(result.Error);
        Assert.Contains("every executor of the application was lost (3 lost; kiln.executor.maxFailures allows 2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("it ended (exit code 1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, launcher.Launches);
    }

    [Fact]
    public async Task Local_processes_fail_the_start_on_the_first_crash_with_the_executors_output()
    {
        var launcher = Launcher(_ => LaunchScript.Crash);
        var error = await Assert.ThrowsAsync<ExecutorStartException>(() => StartAsync(Options(2) with { FailStartOnLoss = true }, launcher).WaitAsync(Patience));
        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
        Assert.True(launcher.Disposed);
    }

    [Fact]
    public async Task A_fatal_exit_fails_the_application_with_the_launchers_message_and_nothing_is_launched_again()
    {
        var launcher = Launcher(_ => LaunchScript.Fatal);
        var error = await Assert.ThrowsAsync<NoExecutorsException>(() => StartAsync(Options(3), launcher).WaitAsync(Patience));
        Assert.Equal("the application cannot get executors: the image kiln:missing cannot be pulled; set kiln.kubernetes.container.image", error.Message);
        Assert.Equal(3, launcher.Launches);
        Assert.True(launcher.Disposed);
    }

    [Fact]
    public async Task Raising_the_target_launches_more_and_lowering_it_releases_starting_executors_first()
    {
        var launcher = Launcher(n => n == 0 ? LaunchScript.Register : LaunchScript.NeverRegister);
        await using var backend = await StartAsync(Options(1), launcher).WaitAsync(Patience);

        backend.RequestTotalExecutors(3);
        // The backend tracks an executor as starting before its launch call runs (off the loop): wait for both.
        await WaitForAsync(() => Count(backend, ExecutorState.Starting) == 2 && launcher.Launches == 3, "two more executors starting and launched");

        backend.RequestTotalExecutors(1);
        await WaitForAsync(() => Count(backend, ExecutorState.Stopped) == 2, "the starting executors released");
        Assert.Equal("0", Assert.Single(backend.Executors, e => e.State == ExecutorState.Active).Id);
        Assert.Equal(["1", "2"], launcher.Killed.Order());
        Assert.All(backend.Executors.Where(e => e.State == ExecutorState.Stopped), e => Assert.Equal("the target number of executors went down", e.LossReason));
        Assert.Equal(3, launcher.Launches);
    }

    [Fact]
    public async Task A_killed_executor_lowers_the_target_and_is_not_replaced()
    {
        var launcher = Launcher(_ => LaunchScript.Register);
        await using var backend = await StartAsync(Options(2), launcher).WaitAsync(Patience);

        backend.KillExecutor("1", "idle for 60s");
        await WaitForAsync(() => Count(backend, ExecutorState.Stopped) == 1, "executor 1 stopped");
        Assert.Equal("idle for 60s", backend.Executors.Single(e => e.Id == "1").LossReason);
        Assert.Equal(["1"], launcher.Killed);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => Count(backend, ExecutorState.Active) == 1, "one executor left");
        Assert.Equal(2, launcher.Launches);
    }
}
