using System.Diagnostics;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Executor;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Config;
using Kiln.Execution.Shuffle;
using Kiln.Network;
using Kiln.Network.Blocks;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Tests;

/// <summary>Only processes that know the application's secret talk to the driver or to an executor's block server.</summary>
public sealed class SecurityTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "the-right-secret-0123456789";
    private readonly TempDir _dir = new();
    private ClusterBackend _backend = null!;

    public async Task InitializeAsync()
    {
        var conf = new KilnConf()
            .Set("kiln.authenticate.secret", Secret)
            .Set("kiln.local.dir", _dir.File("local"))
            .Set("kiln.network.timeout", "10s")
            .Set("kiln.executor.heartbeatInterval", "1s");
        var options = new ClusterBackendOptions { AppId = "app-security", Conf = conf, Executors = 1, CoresPerExecutor = 1, MemoryMiB = 256 };
        _backend = await ClusterBackend.StartAsync(options, new LocalProcessLauncher(ExecutorCommandLine.Resolve(conf), conf.Get(ConfigKeys.LocalDir)), new MapOutputTracker());
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static NetworkOptions Client(string secret) => new()
    {
        Secret = NetworkSecret.FromText(secret),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AskTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task The_driver_refuses_a_client_with_a_wrong_secret()
    {
        await using var env = RpcEnv.Create(Client("a-wrong-secret-0123456789"));
        var driver = env.EndpointRef(_backend.Address, "driver");

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { ExecutorId = "0", Host = "127.0.0.1", Cores = 1 }));

        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executor_block_server_refuses_a_client_with_a_wrong_secret()
    {
        var blockServer = Assert.Single(_backend.Executors).BlockServer!.Value;
        await using var client = new BlockTransferClient(Client("a-wrong-secret-0123456789"));

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => client.FetchAsync(blockServer, [new BlockRangeRequest("shuffle_0_0_0", 0, 10)]));
    }

    [Fact]
    public async Task The_driver_accepts_the_secret_but_refuses_an_executor_it_did_not_start()
    {
        await using var env = RpcEnv.Create(Client(Secret));
        var driver = env.EndpointRef(_backend.Address, "driver");

        var answer = await driver.AskAsync<RegisterExecutorResponse>(new RegisterExecutor { ExecutorId = "7", Host = "127.0.0.1", Cores = 1 });

        Assert.False(answer.Accepted);
        Assert.Contains("not one this driver is starting", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executor_process_with_a_wrong_secret_is_refused_and_exits()
    {
        var command = ExecutorCommandLine.Resolve(new KilnConf());
        var spec = new ExecutorLaunchSpec("0", _backend.Address, "app-security", 1, 256, NetworkSecret.FromText(Secret), new Dictionary<string, string>());
        var start = new ProcessStartInfo(command.FileName) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in command.LeadingArguments.Concat(spec.Arguments(_dir.File("intruder"), "127.0.0.1")))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[ExecutorOptions.SecretVariable] = "a-wrong-secret-0123456789";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ExecutorProcess.ExitStartFailed, process.ExitCode);
        Assert.Contains("refused this process", await stderr, StringComparison.Ordinal);
        Assert.Equal(ExecutorState.Active, Assert.Single(_backend.Executors).State);
    }
}
