using System.Diagnostics;
using Kiln.Cluster.Logging;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Network;
using Kiln.Network.Blocks;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Executor;

/// <summary>
/// The runtime of one executor process (<c>kiln executor</c>): it serves its shuffle files, registers with the
/// driver, runs up to C tasks at once, heartbeats, and exits when told to or when the driver is gone.
/// <code>
///   start: RpcEnv (no listener) + endpoint "executor" ─ BlockTransferServer on HOST:0 ─ DiskBlockManager DIR/APP/executor-N
///   ask RegisterExecutor(id, host, block port, cores, memory, pid) ──> driver
///        refused / unreachable ─────────────────────────────────────────────> exit 1
///   accepted(conf, application files) ─> user code (load context over the files, broadcasts fetched from the driver,
///        block store for cached partitions) ─ task threads (C) ─ heartbeat every kiln.executor.heartbeatInterval ─ watch
///        the driver connection
///        LaunchTask ─> queue ─> TaskRunner ─> send TaskStatusUpdate    KillTask ─> cancel the task
///        RemoveBroadcast / RemoveCache / RemoveShuffles ─> drop the copy / the blocks / the map outputs
///   StopExecutor ───────────────────────────────────────────────────────────> exit 0
///   SIGTERM with kiln.decommission.enabled: tell the driver (ExecutorDecommissioning), keep running the tasks it
///        has and serving blocks while MigrateShuffleOutput requests move them, until its StopExecutor ─────> exit 0
///        (or kiln.executor.decommission.forceKillTimeout passed ───────────────────────────────────> exit 0)
///   MigrateShuffleOutput ─> ShuffleMigrationWorker (pull a leaving executor's output, or copy to the fallback storage)
///   driver connection closed, or no heartbeat acknowledged for kiln.network.timeout,
///   or the driver no longer knows this executor ───────────────────────────> exit 3
///   on exit: kill running tasks, close connections, delete DIR/APP/executor-N
/// </code>
/// </summary>
/// <remarks>One instance per process; <see cref="RunAsync"/> returns the process exit code and never exits the process itself.</remarks>
public sealed class ExecutorProcess
{
    /// <summary>Exit code: the driver stopped the executor (or the process was asked to stop).</summary>
    public const int ExitStopped = 0;

    /// <summary>Exit code: the executor could not start or register.</summary>
    public const int ExitStartFailed = 1;

    /// <summary>Exit code: the driver went away (connection closed, heartbeats unanswered, or it forgot this executor).</summary>
    public const int ExitDriverLost = 3;

    private const string SignalledReason = "asked to stop";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ExecutorOptions _options;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly TaskCompletionSource<(int Code, string Reason)> _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskThreads _threads;
    private RpcEndpointRef? _driver;
    private DriverMapStatuses? _mapStatuses;
    private volatile UserCodeEnvironment? _userCode;
    private volatile NetworkBlockFetcher? _fetcher;
    private volatile ShuffleMigrationWorker? _migrations;
    private volatile Decommission.DecommissionOptions? _decommission;
    private int _decommissioning;

    private ExecutorProcess(ExecutorOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger("Kiln.Cluster.Executor");
        _threads = new TaskThreads(Report);
    }

    /// <summary>Runs the executor until it is stopped; returns the exit code (<see cref="ExitStopped"/>, <see cref="ExitStartFailed"/>, <see cref="ExitDriverLost"/>).</summary>
    /// <param name="cancellationToken">Stops the executor as StopExecutor would (a signal to the process).</param>
    public static async Task<int> RunAsync(ExecutorOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        return await new ExecutorProcess(options, loggers).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var network = NetworkOptions.FromConf(_options.Conf, _options.Secret, _loggers);
        var env = RpcEnv.Create(network);
        var disk = new DiskBlockManager(Path.Combine(_options.LocalDir, _options.AppId), ExecutorOptions.DirectoryName(_options.ExecutorId));
        BlockTransferServer? blocks = null;
        BlockTransferClient? client = null;
        using var stopOnSignal = cancellationToken.Register(OnSignal);
        try
        {
            // Sequential: the driver's messages take effect in the order it sent them, so a task launched after a
            // broadcast was destroyed (RemoveBroadcast, then LaunchTask) never sees the executor's old copy. Every
            // handler only hands work on, so one at a time costs nothing.
            env.RegisterEndpoint("executor", new RpcHandlers()
                .OnSend<LaunchTask>(OnLaunchTask)
                .OnSend<KillTask>(OnKillTask)
                .OnSend<StopExecutor>(OnStopExecutor)
                .OnSend<RemoveBroadcast>(OnRemoveBroadcast)
                .OnSend<RemoveCache>(OnRemoveCache)
                .OnSend<RemoveShuffles>((remove, _, _) => OnRemoveShuffles(remove, disk))
                .OnSend<DecommissionExecutor>(OnDecommissionExecutor)
                .OnSend<MigrateShuffleOutput>(OnMigrateShuffleOutput));
            blocks = BlockTransferServer.Start(new ShuffleBlockSource(disk), new NetworkAddress(_options.Host, 0), network);
            _driver = env.EndpointRef(_options.Driver, "driver");
            var registration = await RegisterAsync(blocks.Address, cancellationToken).ConfigureAwait(false);
            if (registration is not var (conf, applicationFiles))
            {
                return ExitStartFailed;
            }

            client = new BlockTransferClient(network);
            var decommission = Decommission.DecommissionOptions.FromConf(conf);
            var fallback = decommission is { HasFallbackStorage: true } ? new DiskBlockManager(decommission.FallbackStoragePath, _options.AppId) : null;
            _migrations = new ShuffleMigrationWorker(_options.ExecutorId, disk, fallback, client, _driver);
            var fetcher = _fetcher = new NetworkBlockFetcher(
                _options.ExecutorId, new LocalBlockFetcher(disk), client, ShuffleFetchOptions.FromConf(conf), fallback is null ? null : new LocalBlockFetcher(fallback));
            var storage = (long)(((long)_options.MemoryMiB << 20) * conf.Get(ConfigKeys.MemoryFraction) / 2);
            _userCode = new UserCodeEnvironment(
                applicationFiles.Count == 0 ? UserCodeLoader.Default : new ApplicationCodeLoader(applicationFiles),
                new BroadcastCache(new DriverBroadcastSource(_driver)),
                new LocalBlockStore(disk, storage));
            _mapStatuses = new DriverMapStatuses(_driver);
            var environment = new ExecutorEnvironment(_options.ExecutorId, conf, disk, new ShuffleInput(_mapStatuses.Get, fetcher))
            {
                BlockServer = blocks.Address,
                UserCode = _userCode,
            };
            _threads.Start(environment, _options.Cores, TaskFaults.FromConf(conf));
            var taskMemory = conf.Get(ConfigKeys.TaskMemory);
            ClusterLog.ExecutorStarted(_logger, _options.ExecutorId, _options.Driver, _options.Cores, taskMemory, blocks.Address);

            _decommission = decommission;
            var driverClosed = await _driver.ConnectAsync(CancellationToken.None).ConfigureAwait(false);
            _ = driverClosed.ContinueWith(t => Stop(ExitDriverLost, $"the connection to the driver closed ({t.Result.Message})"), TaskScheduler.Default);
            using var heartbeats = new CancellationTokenSource();
            var heartbeatLoop = HeartbeatLoopAsync(conf, heartbeats.Token);
            var (code, reason) = await _stop.Task.ConfigureAwait(false);
            ClusterLog.ExecutorStopping(_logger, _options.ExecutorId, reason);
            await heartbeats.CancelAsync().ConfigureAwait(false);
            await heartbeatLoop.ConfigureAwait(false);
            if (reason == SignalledReason)
            {
                await TellDriverAsync(new RemoveExecutor { ExecutorId = _options.ExecutorId, Reason = "its process was asked to stop (SIGTERM or SIGINT)" }).ConfigureAwait(false);
            }

            return code;
        }
        catch (Exception e) when (e is NetworkException or ConfigException or IOException)
        {
            await Console.Error.WriteLineAsync($"executor {_options.ExecutorId}: {e.Message}").ConfigureAwait(false);
            return ExitStartFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitStopped;
        }
        finally
        {
            _threads.Stop(StopGrace);
            await env.DisposeAsync().ConfigureAwait(false);
            if (blocks is not null)
            {
                await blocks.DisposeAsync().ConfigureAwait(false);
            }

            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            disk.Dispose();
        }
    }

    /// <summary>Registers with the driver; returns the configuration tasks run with and the application's files, or null when the driver refused.</summary>
    private async Task<(KilnConf Conf, IReadOnlyList<string> ApplicationFiles)?> RegisterAsync(NetworkAddress blockServer, CancellationToken cancellationToken)
    {
        var request = new RegisterExecutor
        {
            ExecutorId = _options.ExecutorId,
            Host = _options.Host,
            BlockPort = blockServer.Port,
            Cores = _options.Cores,
            MemoryBytes = (long)_options.MemoryMiB << 20,
            ProcessId = Environment.ProcessId,
        };
        var answer = await _driver!.AskAsync<RegisterExecutorResponse>(request, _options.Conf.Get(ConfigKeys.NetworkTimeout), cancellationToken).ConfigureAwait(false);
        if (!answer.Accepted)
        {
            await Console.Error.WriteLineAsync($"executor {_options.ExecutorId}: the driver refused the registration: {answer.Reason}").ConfigureAwait(false);
            return null;
        }

        // The driver's settings, with this executor's own files: its local directory and the TLS files it started with.
        var conf = new KilnConf();
        foreach (var (key, value) in answer.Conf)
        {
            conf.Set(key, value);
        }

        conf.Set(ConfigKeys.LocalDir.Key, _options.LocalDir);
        foreach (var (key, value) in _options.Conf.Values.Where(kv => kv.Key.StartsWith("kiln.network.tls.", StringComparison.Ordinal)))
        {
            conf.Set(key, value);
        }

        // The executor's memory is shared by its task threads; kiln.task.memory caps each share.
        var share = (long)(((long)_options.MemoryMiB << 20) * conf.Get(ConfigKeys.MemoryFraction) / _options.Cores);
        var budget = Math.Max(64L << 10, Math.Min(conf.Get(ConfigKeys.TaskMemory), share));
        conf.Set(ConfigKeys.TaskMemory.Key, budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (conf, [.. answer.ApplicationFiles]);
    }

    private async Task HeartbeatLoopAsync(KilnConf conf, CancellationToken cancellationToken)
    {
        var interval = conf.Get(ConfigKeys.ExecutorHeartbeatInterval);
        var timeout = conf.Get(ConfigKeys.NetworkTimeout);
        var lastAcknowledged = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                var heartbeat = new Heartbeat { ExecutorId = _options.ExecutorId, SentAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
                heartbeat.RunningTasks.Add(_threads.Running.Select(id => new RunningTaskMetrics { TaskId = id }));
                heartbeat.Process = new ExecutorProcessMetrics
                {
                    GcPauseMs = (long)GC.GetTotalPauseDuration().TotalMilliseconds,
                    GcCollections = GC.CollectionCount(0),
                    ManagedMemoryBytes = GC.GetTotalMemory(false),
                    WorkingSetBytes = Environment.WorkingSet,
                    ShuffleRemoteBytesFetched = _fetcher?.RemoteBytesFetched ?? 0,
                };
                var answer = await _driver!.AskAsync<HeartbeatResponse>(heartbeat, timeout, cancellationToken).ConfigureAwait(false);
                lastAcknowledged.Restart();
                if (answer.Reregister)
                {
                    Stop(ExitDriverLost, "the driver no longer knows this executor (it was counted lost)");
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (NetworkException e)
            {
                ClusterLog.HeartbeatFailed(_logger, lastAcknowledged.Elapsed, e);
                if (lastAcknowledged.Elapsed >= timeout)
                {
                    Stop(ExitDriverLost, $"no heartbeat was acknowledged for {lastAcknowledged.Elapsed.TotalSeconds:0.#}s (kiln.network.timeout)");
                    return;
                }
            }
        }
    }

    private void Stop(int code, string reason) => _stop.TrySetResult((code, reason));

    /// <summary>SIGTERM or SIGINT: with decommission on (and registered), leave gracefully; else stop now.</summary>
    private void OnSignal()
    {
        if (_decommission is null)
        {
            Stop(ExitStopped, SignalledReason);
            return;
        }

        StartDecommission("its process was asked to stop (SIGTERM or SIGINT)");
        _ = TellDriverAsync(new ExecutorDecommissioning { ExecutorId = _options.ExecutorId, Reason = "its process was asked to stop (SIGTERM or SIGINT)" });
    }

    /// <summary>
    /// From here on the driver sends no tasks; the running ones finish and the blocks are served until the driver's
    /// StopExecutor, which the driver sends once they are moved. forceKillTimeout bounds the wait on this side too,
    /// so a signalled executor leaves even when the driver is stuck.
    /// </summary>
    private void StartDecommission(string reason)
    {
        if (Interlocked.Exchange(ref _decommissioning, 1) != 0 || _decommission is not { } decommission)
        {
            return;
        }

        ClusterLog.ExecutorDecommissioning(_logger, _options.ExecutorId, reason);
        var timeout = decommission.ForceKillTimeout;
        if (timeout != TimeSpan.MaxValue)
        {
            _ = Task.Delay(timeout).ContinueWith(
                _ => Stop(ExitStopped, $"its decommission did not finish within {timeout.TotalSeconds:0.#}s (kiln.executor.decommission.forceKillTimeout)"),
                TaskScheduler.Default);
        }
    }

    private ValueTask OnDecommissionExecutor(DecommissionExecutor decommission, RpcCallContext context, CancellationToken cancellationToken)
    {
        StartDecommission($"the driver decommissions it ({decommission.Reason})");
        return ValueTask.CompletedTask;
    }

    private ValueTask OnMigrateShuffleOutput(MigrateShuffleOutput request, RpcCallContext context, CancellationToken cancellationToken)
    {
        _migrations?.Start(request);
        return ValueTask.CompletedTask;
    }

    private async Task TellDriverAsync(Google.Protobuf.IMessage message)
    {
        try
        {
            await _driver!.SendAsync(message).ConfigureAwait(false);
        }
        catch (NetworkException)
        {
            // The driver is gone too.
        }
    }

    private ValueTask OnLaunchTask(LaunchTask task, RpcCallContext context, CancellationToken cancellationToken)
    {
        _mapStatuses?.ObserveEpoch(task.MapOutputEpoch);
        _threads.Enqueue(task);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnKillTask(KillTask kill, RpcCallContext context, CancellationToken cancellationToken)
    {
        _threads.Kill(kill.TaskId, kill.Reason);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnStopExecutor(StopExecutor stop, RpcCallContext context, CancellationToken cancellationToken)
    {
        Stop(ExitStopped, $"the driver stopped this executor ({stop.Reason})");
        return ValueTask.CompletedTask;
    }

    private ValueTask OnRemoveBroadcast(RemoveBroadcast remove, RpcCallContext context, CancellationToken cancellationToken)
    {
        _userCode?.Broadcasts.Remove(remove.BroadcastId);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnRemoveShuffles(RemoveShuffles remove, DiskBlockManager disk)
    {
        var ids = remove.ShuffleIds.ToArray();
        foreach (var id in ids)
        {
            _mapStatuses?.Forget(id);
        }

        // Deleting files is the slow part: off the message loop, so task launches behind it are not held up.
        _ = Task.Run(() =>
        {
            foreach (var id in ids)
            {
                disk.RemoveShuffle(id);
            }
        });
        return ValueTask.CompletedTask;
    }

    private ValueTask OnRemoveCache(RemoveCache remove, RpcCallContext context, CancellationToken cancellationToken)
    {
        _userCode?.Blocks.RemoveCache(remove.CacheId);
        return ValueTask.CompletedTask;
    }

    private void Report(TaskStatusUpdate update)
    {
        try
        {
            _driver!.SendAsync(update).GetAwaiter().GetResult();
        }
        catch (NetworkException e)
        {
            ClusterLog.StatusUpdateFailed(_logger, update.TaskId, e);
        }
    }
}
