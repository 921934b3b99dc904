using System.Threading.Channels;
using Kiln.Cluster.Logging;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Network;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;
using Kiln.Network.Transport;
using Kiln.Scheduler.Backends;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Driver;

/// <summary>
/// The driver side of a cluster: starts executor processes (through an <see cref="IExecutorLauncher"/>), accepts
/// their registrations on an RPC endpoint named "driver", and runs the DAG scheduler's tasks on their free cores.
/// <code>
///   DagScheduler.RunAsync(task) ─> SubmitTask ─┐
///   RPC "driver": RegisterExecutor, Heartbeat, ├─> bounded event channel ─> one loop owns all state:
///     TaskStatusUpdate, GetMapOutputStatuses*  │     executors (ExecutorState), queued and running tasks,
///   process exits, connection closes, ticks ───┘     exclusions; after each batch of events: schedule
///   schedule: queued tasks in order ─> an Active executor with a free core, not excluded for the task's stage,
///             preferring one holding its cached input (up to kiln.locality.wait), then one the task has not failed
///             on ─> LaunchTask over the executor's connection
///   (* answered from the MapOutputTracker directly, off the loop)
/// </code>
/// An executor that is lost fails its running tasks (retryable <see cref="ExecutorLostException"/>), loses its map
/// outputs (<see cref="MapOutputTracker.RemoveLocation"/>: reducers then re-run the missing map tasks) and is
/// replaced while fewer than <c>kiln.executor.maxFailures</c> executors were lost. See <see cref="ExecutorState"/>.
/// </summary>
/// <remarks>
/// Thread-safe: every public member may be called from any thread. Start with <see cref="StartAsync"/>, which
/// returns once every executor has registered. Disposing stops the executors (StopExecutor, then a kill after a
/// grace period) and removes their directories.
/// </remarks>
public sealed partial class ClusterBackend : ISchedulerBackend
{
    private const int EventCapacity = 1 << 16;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly ClusterBackendOptions _options;
    private readonly KilnConf _conf;
    private readonly IExecutorLauncher _launcher;
    private readonly MapOutputTracker _mapOutputs;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NetworkSecret _secret;
    private readonly RpcEnv _rpc;
    private readonly Channel<ClusterEvent> _events = Channel.CreateBounded<ClusterEvent>(new BoundedChannelOptions(EventCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _stopTicks = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _heartbeatTimeout;
    private readonly ExecutorTlsMaterial? _tls;
    private readonly TimeSpan _startTimeout;
    private readonly Task _loop;
    private readonly Task _ticker;
    private readonly int _initialExecutors;
    private volatile IReadOnlyList<ExecutorInfo> _snapshot = [];
    private int _disposed;

    private ClusterBackend(ClusterBackendOptions options, IExecutorLauncher launcher, MapOutputTracker mapOutputs)
    {
        _options = options;
        _launcher = launcher;
        _mapOutputs = mapOutputs;
        _logger = options.LoggerFactory.CreateLogger("Kiln.Cluster.Driver");
        _time = options.TimeProvider;
        var conf = _conf = WithApplicationCertificate(options);
        if (conf.Get(ConfigKeys.ExecutorHeartbeatInterval) >= conf.Get(ConfigKeys.NetworkTimeout))
        {
            throw new ConfigException(
                ConfigKeys.ExecutorHeartbeatInterval.Key,
                $"kiln.executor.heartbeatInterval ({conf.Get(ConfigKeys.ExecutorHeartbeatInterval).TotalSeconds:0.###}s) must be shorter than kiln.network.timeout ({conf.Get(ConfigKeys.NetworkTimeout).TotalSeconds:0.###}s), or every executor counts as lost");
        }

        var configuredSecret = conf.Get(ConfigKeys.AuthSecret);
        _secret = configuredSecret.Length > 0 ? NetworkSecret.FromText(configuredSecret) : NetworkSecret.Generate();
        _heartbeatTimeout = conf.Get(ConfigKeys.NetworkTimeout);
        _tls = ExecutorTlsMaterial.FromConf(conf);
        _startTimeout = options.StartTimeout ?? conf.Get(ConfigKeys.ExecutorStartTimeout);
        var allocation = Allocation.DynamicAllocationSettings.FromConf(conf);
        var initial = _initialExecutors = StartAllocation(allocation, options.Executors);
        _startup = new StartupGate(initial, options.MinRegisteredRatio, options.MaxRegisteredWait, _time.GetUtcNow());
        var maxFailures = conf.Get(ConfigKeys.ExecutorMaxFailures);
        var planned = allocation is null ? initial : Math.Min(allocation.MaxExecutors, int.MaxValue / 2);
        _executors = new ExecutorRoster(initial, maxFailures > 0 ? maxFailures : Math.Max(3, 2 * planned));
        var exclusions = new ExclusionTracker(
            conf.Get(ConfigKeys.ExcludeOnFailureEnabled),
            conf.Get(ConfigKeys.ExcludeOnFailureStageMaxFailures),
            conf.Get(ConfigKeys.ExcludeOnFailureAppMaxFailures),
            conf.Get(ConfigKeys.ExcludeOnFailureTimeout),
            _time);
        _placement = new TaskPlacement(exclusions, conf.Get(ConfigKeys.LocalityWait), _time);
        StartDecommissionSupport();
        DefaultParallelism = (allocation is null ? initial : Math.Max(1, initial)) * options.CoresPerExecutor;
        _rpc = RpcEnv.Listen(NetworkOptions.FromConf(conf, _secret, options.LoggerFactory), new NetworkAddress(options.BindAddress ?? options.Host, options.Port));
        _rpc.RegisterEndpoint("driver", DriverEndpoint());
        if (options.UserCode is { } userCode)
        {
            userCode.BroadcastRemoved += OnBroadcastRemoved;
            userCode.CacheRemoved += OnCacheRemoved;
        }

        _loop = Task.Run(LoopAsync);
        _ticker = Task.Run(TickAsync);
    }

    public int DefaultParallelism { get; }

    /// <summary>Where executors reach the driver: <see cref="ClusterBackendOptions.Host"/> at the port it listens on.</summary>
    public NetworkAddress Address => new(_options.Host, _rpc.Address!.Value.Port);

    /// <summary>The application's executors, as of the last change of state (lost and stopped ones included).</summary>
    public IReadOnlyList<ExecutorInfo> Executors => _snapshot;

    /// <summary>
    /// Starts <see cref="ClusterBackendOptions.Executors"/> executors and returns once enough have registered
    /// (<see cref="ClusterBackendOptions.MinRegisteredRatio"/>, <see cref="ClusterBackendOptions.MaxRegisteredWait"/>).
    /// The backend owns <paramref name="launcher"/> from here on and disposes it.
    /// </summary>
    /// <exception cref="ExecutorStartException">An executor exited or did not register within <c>kiln.executor.startTimeout</c>; names it, with its last output.</exception>
    /// <exception cref="NoExecutorsException">The launcher found that no executor can start (fail fast), with its reason.</exception>
    public static async Task<ClusterBackend> StartAsync(ClusterBackendOptions options, IExecutorLauncher launcher, MapOutputTracker mapOutputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(launcher);
        ArgumentNullException.ThrowIfNull(mapOutputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Executors, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CoresPerExecutor, 1);
        ClusterBackend backend;
        try
        {
            backend = new ClusterBackend(options, launcher, mapOutputs);
        }
        catch
        {
            await launcher.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            ClusterLog.StartingExecutors(backend._logger, backend._initialExecutors, options.AppId, backend.Address);
            await backend.PostAsync(new LaunchInitial()).ConfigureAwait(false);
            await backend._started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return backend;
        }
        catch
        {
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<TaskResult> RunAsync(TaskDescription task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingTask(task);
        if (cancellationToken.CanBeCanceled)
        {
            pending.Cancellation = cancellationToken.Register(() => Post(new CancelTask(task.TaskId)));
        }

        await PostAsync(new SubmitTask(pending)).ConfigureAwait(false);
        return await pending.Done.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var shutdown = new Shutdown(new TaskCompletionSource<IReadOnlyList<TrackedExecutor>>(TaskCreationOptions.RunContinuationsAsynchronously));
        IReadOnlyList<TrackedExecutor> executors = [];
        if (_events.Writer.TryWrite(shutdown) || await TryPostAsync(shutdown).ConfigureAwait(false))
        {
            executors = await shutdown.Reply.Task.ConfigureAwait(false);
        }

        if (_options.UserCode is { } userCode)
        {
            userCode.BroadcastRemoved -= OnBroadcastRemoved;
            userCode.CacheRemoved -= OnCacheRemoved;
        }

        _events.Writer.TryComplete();
        await _stopTicks.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _ticker.ConfigureAwait(false);
        await Task.WhenAll(executors.Select(StopProcessAsync)).ConfigureAwait(false);
        await _launcher.DisposeAsync().ConfigureAwait(false);
        await _rpc.DisposeAsync().ConfigureAwait(false);
        RemoveFallbackStorage();
        _stopTicks.Dispose();
    }

    /// <summary>
    /// With TLS on and no certificate configured, the driver makes one for the application (self-signed, pinned by
    /// driver and executors alike) in the application's directory, and hands its files to executors like any setting.
    /// </summary>
    private static KilnConf WithApplicationCertificate(ClusterBackendOptions options)
    {
        var conf = options.Conf;
        if (!conf.Get(ConfigKeys.TlsEnabled) || conf.Get(ConfigKeys.TlsCertFile).Length > 0)
        {
            return conf;
        }

        var dir = Path.Combine(conf.Get(ConfigKeys.LocalDir), options.AppId, "tls");
        Directory.CreateDirectory(dir);
        var certFile = Path.Combine(dir, "application.crt");
        var keyFile = Path.Combine(dir, "application.key");
        using (var certificate = TlsSettings.CreateSelfSigned($"CN=kiln {options.AppId}", TimeSpan.FromDays(30)))
        {
            TlsSettings.WritePemFiles(certificate, certFile, keyFile);
        }

        return conf.Clone()
            .Set(ConfigKeys.TlsCertFile.Key, certFile)
            .Set(ConfigKeys.TlsKeyFile.Key, keyFile)
            .Set(ConfigKeys.TlsTrustFile.Key, certFile);
    }

    private async Task StopProcessAsync(TrackedExecutor executor)
    {
        try
        {
            await executor.Handle.Exited.WaitAsync(StopGrace, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ClusterLog.KillingExecutor(_logger, executor.Id, StopGrace);
        }

        await executor.Handle.DisposeAsync().ConfigureAwait(false);
    }

    private RpcHandlers DriverEndpoint() => new RpcHandlers { Sequential = false }
        .OnAsk<RegisterExecutor, RegisterExecutorResponse>(async (request, context, token) =>
        {
            var registration = new Registration(request, context, new(TaskCreationOptions.RunContinuationsAsynchronously));
            await PostAsync(registration).ConfigureAwait(false);
            return await registration.Reply.Task.WaitAsync(token).ConfigureAwait(false);
        })
        .OnAsk<Heartbeat, HeartbeatResponse>(async (heartbeat, context, token) =>
        {
            var received = new HeartbeatReceived(heartbeat, new(TaskCreationOptions.RunContinuationsAsynchronously));
            await PostAsync(received).ConfigureAwait(false);
            return await received.Reply.Task.WaitAsync(token).ConfigureAwait(false);
        })
        .OnSend<TaskStatusUpdate>((update, context, token) => PostAsync(new StatusReceived(update)))
        .OnSend<RemoveExecutor>((remove, context, token) => PostAsync(new ExecutorGone(remove.ExecutorId, $"it is exiting: {remove.Reason}")))
        .OnSend<ExecutorDecommissioning>((notice, context, token) => PostAsync(new DecommissionRequested(notice.ExecutorId, notice.Reason, LowerTarget: false)))
        .OnSend<ShuffleOutputMigrated>((answer, context, token) => PostAsync(new MigrationAnswered(answer)))
        .OnAsk<GetMapOutputStatuses, MapOutputStatuses>((request, context, token) => ValueTask.FromResult(MapOutputStatuses(request.ShuffleId)))
        .OnAsk<GetBroadcast, BroadcastValue>((request, context, token) => ValueTask.FromResult(Broadcast(request.BroadcastId)));

    private BroadcastValue Broadcast(long id)
    {
        try
        {
            var bytes = (_options.UserCode ?? throw new BroadcastNotFoundException(id)).Broadcasts.Fetch(id);
            return new BroadcastValue { Found = true, Value = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(bytes) };
        }
        catch (BroadcastNotFoundException)
        {
            return new BroadcastValue { Found = false };
        }
    }

    private void OnBroadcastRemoved(long id) => Post(new TellExecutors(new RemoveBroadcast { BroadcastId = id }));

    private void OnCacheRemoved(long id) => Post(new TellExecutors(new RemoveCache { CacheId = id }));

    /// <summary>Tells every executor to delete its map outputs of these shuffles (their job has ended).</summary>
    public void RemoveShuffles(IReadOnlyList<int> shuffleIds)
    {
        ArgumentNullException.ThrowIfNull(shuffleIds);
        Post(new TellExecutors(new RemoveShuffles { ShuffleIds = { shuffleIds } }));
    }

    private MapOutputStatuses MapOutputStatuses(int shuffleId)
    {
        var epoch = _mapOutputs.Epoch;
        var answer = new MapOutputStatuses { ShuffleId = shuffleId, Epoch = epoch };
        foreach (var status in _mapOutputs.GetStatuses(shuffleId))
        {
            answer.Slots.Add(new MapOutputSlot { Status = status is null ? null : MapStatusMessages.ToMessage(status) });
        }

        return answer;
    }

    /// <summary>Queues an event for the loop; throws when the backend has been stopped.</summary>
    private async ValueTask PostAsync(ClusterEvent e)
    {
        if (!await TryPostAsync(e).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the cluster backend has been stopped");
        }
    }

    private async ValueTask<bool> TryPostAsync(ClusterEvent e)
    {
        try
        {
            await _events.Writer.WriteAsync(e).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Queues an event from a callback, without waiting; dropped once the backend is stopped.</summary>
    private void Post(ClusterEvent e)
    {
        if (!_events.Writer.TryWrite(e))
        {
            _ = TryPostAsync(e).AsTask();
        }
    }

    private async Task LoopAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var e))
            {
                try
                {
                    await HandleAsync(e).ConfigureAwait(false);
                }
                catch (Exception failure)
                {
                    ClusterLog.EventFailed(_logger, e.GetType().Name, failure);
                }
            }

            try
            {
                await ScheduleAsync().ConfigureAwait(false);
                UpdateAllocation();
                await AdvanceDecommissionsAsync().ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                ClusterLog.EventFailed(_logger, "scheduling", failure);
            }
        }
    }

    private async Task TickAsync()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(Math.Min(_heartbeatTimeout.Ticks, _startTimeout.Ticks) / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, _stopTicks.Token).ConfigureAwait(false);
                Post(new Tick());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task HandleAsync(ClusterEvent e) => e switch
    {
        SubmitTask s => OnSubmit(s.Task),
        CancelTask c => OnCancelAsync(c.TaskId),
        StatusReceived u => OnStatus(u.Update),
        Registration r => OnRegister(r),
        HeartbeatReceived h => OnHeartbeat(h),
        ExecutorExited x => OnExited(x.ExecutorId, x.Exit),
        TargetChanged t => OnTargetChanged(t.Total),
        KillRequested k => OnKillRequested(k.ExecutorId, k.Reason),
        ConnectionClosed c => OnConnectionClosed(c.ExecutorId, c.Reason),
        ExecutorGone g => OnGone(g.ExecutorId, g.Reason),
        LaunchInitial => OnLaunchInitial(),
        Tick => OnTick(),
        Shutdown s => OnShutdownAsync(s.Reply),
        TellExecutors t => OnTellExecutorsAsync(t.Message),
        DecommissionRequested d => OnDecommissionRequestedAsync(d.ExecutorId, d.Reason, d.LowerTarget),
        MigrationAnswered m => OnShuffleOutputMigratedAsync(m.Answer),
        _ => throw new InvalidOperationException($"unknown event {e.GetType().Name}"),
    };

    private void UpdateSnapshot()
    {
        var previous = _snapshot;
        _snapshot = _executors.All
            .Select(e => new ExecutorInfo(e.Id, e.State, e.Handle.Description, e.Host, e.BlockServer, e.Cores, e.LossReason, _placement.IsExcludedForApplication(e.Id)))
            .ToArray();
        ExecutorsChanged?.Invoke(_snapshot);
        if (_options.Events is { } events)
        {
            ExecutorEvents.Post(events, previous, _snapshot, _options.MemoryMiB);
        }
    }

    private abstract record ClusterEvent;

    private sealed record SubmitTask(PendingTask Task) : ClusterEvent;

    private sealed record CancelTask(long TaskId) : ClusterEvent;

    private sealed record StatusReceived(TaskStatusUpdate Update) : ClusterEvent;

    private sealed record Registration(RegisterExecutor Request, RpcCallContext Context, TaskCompletionSource<RegisterExecutorResponse> Reply) : ClusterEvent;

    private sealed record HeartbeatReceived(Heartbeat Heartbeat, TaskCompletionSource<HeartbeatResponse> Reply) : ClusterEvent;

    private sealed record ExecutorExited(string ExecutorId, ExecutorExit Exit) : ClusterEvent;

    private sealed record TargetChanged(int Total) : ClusterEvent;

    private sealed record KillRequested(string ExecutorId, string Reason) : ClusterEvent;

    private sealed record ConnectionClosed(string ExecutorId, Exception Reason) : ClusterEvent;

    private sealed record ExecutorGone(string ExecutorId, string Reason) : ClusterEvent;

    private sealed record LaunchInitial : ClusterEvent;

    private sealed record Tick : ClusterEvent;

    private sealed record TellExecutors(Google.Protobuf.IMessage Message) : ClusterEvent;

    private sealed record Shutdown(TaskCompletionSource<IReadOnlyList<TrackedExecutor>> Reply) : ClusterEvent;
}
