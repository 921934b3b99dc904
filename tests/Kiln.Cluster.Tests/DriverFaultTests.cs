using System.Diagnostics;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;

namespace Kiln.Cluster.Tests;

/// <summary>
/// The driver dies (kill -9) or hangs (SIGSTOP) while its executors run tasks: the executors notice on their own (the
/// connection closes, or heartbeats go unanswered for kiln.network.timeout), exit and remove their directories.
/// The driver is a real `kiln sql` process here.
/// </summary>
public sealed class DriverFaultTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Process StartDriver(params string[] conf)
    {
        var csv = FaultSessions.WriteCsv(_dir.Path, 1000);
        var command = ExecutorCommandLine.Resolve(new KilnConf());
        var start = new ProcessStartInfo(command.FileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in command.LeadingArguments.Concat(["sql", "SELECT grp, count(*) FROM t GROUP BY grp", "--table", $"t={csv}", "--master", "local-cluster[2,1,256]", "--no-progress"]))
        {
            start.ArgumentList.Add(a);
        }

        foreach (var c in conf.Concat([$"kiln.local.dir={_dir.File("local")}", "kiln.test.taskDelay=120s", "kiln.executor.heartbeatInterval=500ms"]))
        {
            start.ArgumentList.Add("--conf");
            start.ArgumentList.Add(c);
        }

        var driver = Process.Start(start)!;
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        return driver;
    }

    private async Task<List<int>> RunningExecutorsAsync(Process driver)
    {
        List<int> executors = [];
        await ExecutorProcesses.WaitUntilAsync(() => (executors = ExecutorProcesses.ChildrenOf(driver.Id)).Count == 2, TimeSpan.FromSeconds(60), "two executors starting");

        // Registered and running tasks: each has created its directory and the driver has sent them work.
        await ExecutorProcesses.WaitUntilAsync(() => executors.All(pid => Directory.Exists(ExecutorDirectory(pid))), TimeSpan.FromSeconds(60), "executor directories");
        await Task.Delay(1500);
        return executors;
    }

    private string ExecutorDirectory(int pid) =>
        Path.Combine(_dir.File("local"), ExecutorProcesses.Option(pid, "--app-id") ?? "?", $"executor-{ExecutorProcesses.Option(pid, "--executor-id")}");

    [Fact]
    public async Task Executors_exit_on_their_own_when_the_driver_is_killed()
    {
        using var driver = StartDriver();
        var executors = await RunningExecutorsAsync(driver);
        var directories = executors.Select(ExecutorDirectory).ToArray();

        driver.Kill();
        var clock = Stopwatch.StartNew();
        await ExecutorProcesses.WaitUntilAsync(() => executors.All(pid => !ExecutorProcesses.IsAlive(pid)), TimeSpan.FromSeconds(20), "executors exiting");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
        Assert.All(directories, d => Assert.False(Directory.Exists(d), $"{d} was left behind"));
    }

    [Fact]
    public async Task Executors_exit_after_the_network_timeout_when_the_driver_hangs()
    {
        using var driver = StartDriver("kiln.network.timeout=3s");
        var executors = await RunningExecutorsAsync(driver);
        Signals.Stop(driver.Id);
        try
        {
            var clock = Stopwatch.StartNew();
            await ExecutorProcesses.WaitUntilAsync(() => executors.All(pid => !ExecutorProcesses.IsAlive(pid)), TimeSpan.FromSeconds(30), "executors exiting");
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"executors exited after {clock.Elapsed}, before the 3s timeout");
        }
        finally
        {
            driver.Kill();
        }
    }
}
