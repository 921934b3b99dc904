using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Tests;

/// <summary>Starting and stopping a local cluster: executors that cannot start are reported with their output; stopping removes processes and files.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_executor_that_cannot_start_fails_the_session_with_its_exit_code_and_output()
    {
        var script = _dir.File("broken-kiln");
        File.WriteAllText(script, "#!/bin/sh\necho 'starting executor' \necho 'fatal: this runtime is missing' >&2\nexit 7\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var error = Assert.Throws<ExecutorStartException>(() => KilnSession.Builder()
            .Master("local-cluster[2,1,256]")
            .Config("kiln.local.dir", _dir.File("local"))
            .Config("kiln.executor.cli", script)
            .GetOrCreate());

        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("fatal: this runtime is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("fatal: this runtime is missing", error.OutputTail);
    }

    [Fact]
    public void A_missing_command_line_is_a_configuration_error_naming_the_key()
    {
        var error = Assert.Throws<ConfigException>(() => KilnSession.Builder()
            .Master("local-cluster[1,1,256]")
            .Config("kiln.executor.cli", _dir.File("no-such-kiln.dll"))
            .GetOrCreate());

        Assert.Contains("kiln.executor.cli", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executor_command_wants_its_secret_from_the_environment()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await Cli.CliApp.RunAsync(["executor", "--driver", "127.0.0.1:1", "--executor-id", "0", "--cores", "1", "--memory", "256", "--app-id", "a", "--local-dir", _dir.Path], output, error);

        Assert.Equal(2, code);
        Assert.Contains("KILN_AUTH_SECRET", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_heartbeat_interval_not_shorter_than_the_network_timeout_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => KilnSession.Builder()
            .Master("local-cluster[1,1,256]")
            .Config("kiln.executor.heartbeatInterval", "30s")
            .Config("kiln.network.timeout", "30s")
            .GetOrCreate());

        Assert.Contains("kiln.executor.heartbeatInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_tls_on_the_driver_makes_a_certificate_for_the_application_and_shuffles_over_tls()
    {
        using var session = FaultSessions.Builder("local-cluster[2,1,256]", _dir.File("local"))
            .Config("kiln.network.tls.enabled", "true")
            .Config("kiln.sql.shuffle.partitions", "4")
            .GetOrCreate();

        Assert.True(File.Exists(Path.Combine(_dir.File("local"), session.AppId, "tls", "application.crt")));
        var pid = ExecutorProcesses.Of(session.AppId)["0"];
        Assert.Equal("true", ExecutorProcesses.ConfOption(pid, "kiln.network.tls.enabled"));
        var counts = session.Range(0, 10_000).Select((Functions.Col("id") % Functions.Lit(4)).Alias("k")).GroupBy("k").Agg(Functions.Count().Alias("n")).Collect();
        Assert.Equal(4, counts.Count);
        Assert.All(counts, r => Assert.Equal(2_500L, r["n"]));
    }

    [Fact]
    public void Executors_are_sized_by_the_master_and_stopping_the_session_removes_their_processes_and_files()
    {
        var local = _dir.File("local");
        Dictionary<string, int> pids;
        string appDir;
        using (var session = FaultSessions.Builder("local-cluster[3,2,384]", local).GetOrCreate())
        {
            Assert.Equal(6, session.DefaultParallelism);
            pids = ExecutorProcesses.Of(session.AppId);
            Assert.Equal(["0", "1", "2"], pids.Keys.Order());
            Assert.All(pids.Values, pid => Assert.Equal("2", ExecutorProcesses.Option(pid, "--cores")));
            Assert.All(pids.Values, pid => Assert.Equal("384", ExecutorProcesses.Option(pid, "--memory")));
            appDir = Path.Combine(local, session.AppId);
            Assert.True(Directory.Exists(Path.Combine(appDir, "executor-0")));
            Assert.Equal(12, session.Range(0, 12).Count());
        }

        Assert.All(pids.Values, pid => Assert.False(ExecutorProcesses.IsAlive(pid), $"executor process {pid} is still running"));
        Assert.False(Directory.Exists(appDir));
    }
}
