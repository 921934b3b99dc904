using Kiln.Cluster.Logging;
using Kiln.Common.Config;
using Kiln.Execution.Physical;
using Kiln.Execution.Tasks;
using Kiln.Network;
using Kiln.Network.Protocol;

namespace Kiln.Cluster.Driver;

/// <summary>The executors' side of the loop: start, registration, heartbeats, loss and replacement, stop (see <see cref="ExecutorState"/>).</summary>
public sealed partial class ClusterBackend
{
    private static readonly TimeSpan ExitAfterCloseWait = TimeSpan.FromMilliseconds(500);

    private readonly ExecutorRoster _executors;
    private readonly StartupGate _startup;
    private string? _failure;
    private bool _stopping;

    private Task OnLaunchInitial()
    {
        EnsureTarget();
        CompleteStartupIfReady();
        return Task.CompletedTask;
    }

    /// <summary>Launches executors until the live ones (starting or active) reach the target, unless too many were lost.</summary>
    private void EnsureTarget()
    {
        if (_stopping || _failure is not null)
        {
            return;
        }

        for (var n = _executors.LaunchesNeeded; n > 0; n--)
        {
            if (_startup.Done)
            {
                ClusterLog.ReplacingExecutor(_logger, _executors.NextId, _executors.Lost, _executors.MaxFailures);
            }

            LaunchExecutor();
        }
    }

    private void LaunchExecutor()
    {
        var id = _executors.NextId;
        var spec = new ExecutorLaunchSpec(id, Address, _options.AppId, _options.CoresPerExecutor, _options.MemoryMiB, _secret, StartupConf(), _tls);
        var handle = new LaunchingHandle(_launcher, spec);
        var executor = new TrackedExecutor(id, handle, _time.GetUtcNow());
        _executors.Add(executor);
        _ = handle.Exited.ContinueWith(t => Post(new ExecutorExited(id, t.Result)), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        UpdateSnapshot();
    }

    /// <summary>Asks for <paramref name="total"/> live executors: more are launched, or the newest starting ones are stopped.</summary>
    public void RequestTotalExecutors(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        Post(new TargetChanged(total));
    }

    /// <summary>Stops one executor (its running tasks are retried elsewhere) and lowers the target by one.</summary>
    public void KillExecutor(string executorId, string reason)
    {
        ArgumentNullException.ThrowIfNull(executorId);
        Post(new KillRequested(executorId, reason ?? "the driver asked for it"));
    }

    private Task OnTargetChanged(int total)
    {
        _executors.Target = total;
        foreach (var extra in _executors.ExtraStarting())
        {
            Release(extra, "the target number of executors went down");
        }

        EnsureTarget();
        return Task.CompletedTask;
    }

    private Task OnKillRequested(string executorId, string reason)
    {
        if (_executors.TryGetValue(executorId, out var executor) && executor.State is ExecutorState.Starting or ExecutorState.Active)
        {
            _executors.Target = Math.Max(0, _executors.Target - 1);
            Release(executor, reason);
        }

        return Task.CompletedTask;
    }

    /// <summary>An executor the driver no longer wants: stopped, not lost; its tasks and outputs are handed back as for a loss.</summary>
    private void Release(TrackedExecutor executor, string reason)
    {
        ForgetWork(executor, reason, lost: false);
        _executors.MarkStopped(executor, reason);
        executor.Handle.Kill();
        _ = executor.Handle.DisposeAsync().AsTask();
        UpdateSnapshot();
    }

    /// <summary>What an executor needs before it registers: network and TLS settings (never the secret).</summary>
    private Dictionary<string, string> StartupConf() => _conf.Values
        .Where(kv => kv.Key.StartsWith("kiln.network.", StringComparison.Ordinal) || kv.Key.StartsWith("kiln.rpc.", StringComparison.Ordinal))
        .Where(kv => !ExecutorTlsMaterial.IsFileKey(kv.Key))
        .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private Task OnRegister(Registration registration)
    {
        var request = registration.Request;
        if (!_executors.TryGetValue(request.ExecutorId, out var executor) || executor.State != ExecutorState.Starting || _stopping)
        {
            var why = _stopping ? "the application is stopping" : $"executor {request.ExecutorId} is not one this driver is starting";
            registration.Reply.TrySetResult(new RegisterExecutorResponse { Accepted = false, Reason = why });
            return Task.CompletedTask;
        }

        executor.State = ExecutorState.Active;
        executor.Host = request.Host;
        executor.BlockServer = new NetworkAddress(request.Host, request.BlockPort);
        executor.Cores = request.Cores;
        executor.FreeCores = request.Cores;
        executor.Endpoint = registration.Context.CallerEndpoint("executor");
        executor.LastHeartbeat = _time.GetUtcNow();
        _freeCores += request.Cores;
        _ = WatchConnectionAsync(executor.Id, executor.Handle, registration.Context.CallerConnectionClosed);
        ClusterLog.ExecutorRegistered(_logger, executor.Id, request.Host, request.Cores, request.BlockPort, request.ProcessId);

        var answer = new RegisterExecutorResponse { Accepted = true, AppId = _options.AppId };
        answer.ApplicationFiles.Add(_options.ApplicationFiles);
        foreach (var (key, value) in _conf.Values)
        {
            if (key != ConfigKeys.AuthSecret.Key && key != ConfigKeys.LocalDir.Key && !ExecutorTlsMaterial.IsFileKey(key))
            {
                answer.Conf[key] = value;
            }
        }

        registration.Reply.TrySetResult(answer);
        CompleteStartupIfReady();
        UpdateSnapshot();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Reports a closed executor connection. A process that died closes its connection first: its exit, which says
    /// more (exit code, signal), is waited for a moment and reported instead.
    /// </summary>
    private async Task WatchConnectionAsync(string executorId, IExecutorHandle handle, Task<Exception> closed)
    {
        var reason = await closed.ConfigureAwait(false);
        if (await Task.WhenAny(handle.Exited, Task.Delay(ExitAfterCloseWait, _time)).ConfigureAwait(false) != handle.Exited)
        {
            Post(new ConnectionClosed(executorId, reason));
        }
    }

    private Task OnHeartbeat(HeartbeatReceived received)
    {
        var known = _executors.TryGetValue(received.Heartbeat.ExecutorId, out var executor) && executor.State is ExecutorState.Active or ExecutorState.Decommissioning;
        if (known)
        {
            executor!.LastHeartbeat = _time.GetUtcNow();
            if (_options.Events is { } events && received.Heartbeat.Process is { } p)
            {
                events.Post(new Scheduler.Events.ExecutorMetricsUpdated(events.Now, executor.Id, p.GcPauseMs, p.GcCollections, p.ManagedMemoryBytes, p.WorkingSetBytes, p.ShuffleRemoteBytesFetched));
            }
        }

        received.Reply.TrySetResult(new HeartbeatResponse { Reregister = !known });
        return Task.CompletedTask;
    }

    private Task OnExited(string executorId, ExecutorExit exit)
    {
        if (_executors.TryGetValue(executorId, out var executor))
        {
            var tail = exit.FailedByItself ? executor.Handle.OutputTail().TakeLast(5).ToArray() : [];
            var output = tail.Length == 0 ? string.Empty : $"; its last output:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}";
            var what = exit.Reason is "StartError" ? $"it could not be started ({exit.Describe()})" : $"it ended ({exit.Describe()})";
            Lose(executor, what + output, exit.FailsApplication ? exit.Message ?? exit.Describe() : null);
        }

        return Task.CompletedTask;
    }

    private Task OnConnectionClosed(string executorId, Exception reason)
    {
        if (_executors.TryGetValue(executorId, out var executor))
        {
            Lose(executor, $"its connection to the driver closed ({reason.Message})");
        }

        return Task.CompletedTask;
    }

    private Task OnGone(string executorId, string reason)
    {
        if (_executors.TryGetValue(executorId, out var executor))
        {
            Lose(executor, reason);
        }

        return Task.CompletedTask;
    }

    private Task OnTick()
    {
        var now = _time.GetUtcNow();
        if (_failure is null && !_options.FailStartOnLoss && _startup.TimesOutAt(now))
        {
            ClusterLog.StartingWithFewerExecutors(_logger, _executors.ActiveCount, _initialExecutors, _options.MaxRegisteredWait);
            _started.TrySetResult();
        }

        foreach (var executor in _executors.All.ToArray())
        {
            if (executor.State is ExecutorState.Active or ExecutorState.Decommissioning && now - executor.LastHeartbeat > _heartbeatTimeout)
            {
                Lose(executor, $"no heartbeat for {(now - executor.LastHeartbeat).TotalSeconds:0.#}s (kiln.network.timeout is {_heartbeatTimeout.TotalSeconds:0.#}s)");
            }
            else if (executor.State == ExecutorState.Starting && now - executor.LaunchedAt > _startTimeout)
            {
                Lose(executor, $"it did not register within {_startTimeout.TotalSeconds:0.#}s (kiln.executor.startTimeout)");
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Executor lost: its running tasks fail (retryable), its map outputs are forgotten, and a replacement starts
    /// unless too many executors were lost. During startup of local processes, any loss fails the start with the
    /// executor's output; a loss that the launcher marks as fatal (nothing can start) fails the application with
    /// <paramref name="applicationFailure"/>.
    /// </summary>
    private void Lose(TrackedExecutor executor, string reason, string? applicationFailure = null)
    {
        if (executor.State is ExecutorState.Lost or ExecutorState.Stopped)
        {
            return;
        }

        var wasStarting = executor.State == ExecutorState.Starting;
        executor.Decommission = null;
        ForgetWork(executor, reason);
        _executors.MarkLost(executor, reason);
        executor.Handle.Kill();
        _ = executor.Handle.DisposeAsync().AsTask();
        UpdateSnapshot();
        if (applicationFailure is not null)
        {
            FailApplication(applicationFailure);
            return;
        }

        if (!_startup.Done && _options.FailStartOnLoss)
        {
            var problem = wasStarting ? reason : $"it was lost before the others registered: {reason}";
            _started.TrySetException(new ExecutorStartException(executor.Id, problem, executor.Handle.OutputTail()));
            return;
        }

        EnsureTarget();
        FailQueuedIfNoExecutors();
    }

    /// <summary>Fails the running tasks of an executor that is going away (retryable) and forgets its outputs and cached blocks.</summary>
    private void ForgetWork(TrackedExecutor executor, string reason, bool lost = true)
    {
        if (executor.State == ExecutorState.Active)
        {
            _freeCores -= executor.FreeCores;
        }

        executor.FreeCores = 0;
        var outputs = _mapOutputs.RemoveLocation(executor.Id);
        _options.UserCode?.Cache.RemoveExecutor(executor.Id);
        var tasks = executor.Running.ToArray();
        executor.Running.Clear();
        foreach (var taskId in tasks)
        {
            if (_running.Remove(taskId, out var pending))
            {
                pending.Complete(new TaskResult(taskId, TaskOutcome.Failed, new TaskMetrics(), executor.Id) { Error = new ExecutorLostException(executor.Id, reason) });
            }
        }

        if (lost)
        {
            ClusterLog.ExecutorLost(_logger, executor.Id, executor.Handle.Description, reason, tasks.Length, outputs);
        }
        else
        {
            ClusterLog.ExecutorReleased(_logger, executor.Id, executor.Handle.Description, reason, tasks.Length, outputs);
        }
    }

    /// <summary>Nothing can go on (no executor can start): start-up, waiting and running tasks fail with the reason, and no executor is launched again.</summary>
    private void FailApplication(string reason)
    {
        if (_failure is not null)
        {
            return;
        }

        _failure = reason;
        ClusterLog.ApplicationFailed(_logger, reason);
        var error = new NoExecutorsException(_executors.Lost, $"the application cannot get executors: {reason}");
        _startup.Abandon();
        _started.TrySetException(error);
        FailQueued(error);
        foreach (var starting in _executors.All.Where(e => e.State == ExecutorState.Starting).ToArray())
        {
            Release(starting, "the application failed");
        }
    }

    /// <summary>Start-up is done once the configured share of the initial executors has registered.</summary>
    private void CompleteStartupIfReady()
    {
        if (_failure is null && _startup.CompletesWith(_executors.ActiveCount))
        {
            _started.TrySetResult();
        }
    }

    private void FailQueuedIfNoExecutors()
    {
        // With dynamic allocation, no executor is a normal state: waiting tasks make it ask for one.
        if (_executors.AnyLive || (_allocation is not null && !_executors.ReplacementsExhausted))
        {
            return;
        }

        FailQueued(new NoExecutorsException(
            _executors.Lost,
            $"every executor of the application was lost ({_executors.Lost} lost; kiln.executor.maxFailures allows {_executors.MaxFailures}); " +
            $"last: {_executors.LastLossReason}"));
    }

    /// <summary>Sends a notice (a removed broadcast or cache) to every active executor; one that cannot be reached is being lost anyway.</summary>
    private async Task OnTellExecutorsAsync(Google.Protobuf.IMessage message)
    {
        foreach (var executor in _executors.All.Where(e => e.State is ExecutorState.Active or ExecutorState.Decommissioning).ToArray())
        {
            try
            {
                await executor.Endpoint!.SendAsync(message).ConfigureAwait(false);
            }
            catch (NetworkException)
            {
            }
        }
    }

    private async Task OnShutdownAsync(TaskCompletionSource<IReadOnlyList<TrackedExecutor>> reply)
    {
        _stopping = true;
        var error = new NoExecutorsException(_executors.Lost, "the application stopped while the task was waiting or running");
        FailQueued(error);

        foreach (var pending in _running.Values.ToArray())
        {
            pending.Complete(new TaskResult(pending.Task.TaskId, TaskOutcome.Failed, new TaskMetrics(), pending.ExecutorId ?? "none") { Error = error });
        }

        _running.Clear();
        var stopping = new List<TrackedExecutor>();
        foreach (var executor in _executors.All)
        {
            if (executor.State is ExecutorState.Active or ExecutorState.Decommissioning && executor.Endpoint is { } endpoint)
            {
                try
                {
                    await endpoint.SendAsync(new StopExecutor { Reason = "the application is stopping" }).ConfigureAwait(false);
                }
                catch (NetworkException)
                {
                    executor.Handle.Kill();
                }
            }
            else if (executor.State == ExecutorState.Starting)
            {
                executor.Handle.Kill();
            }

            if (executor.State != ExecutorState.Lost)
            {
                executor.State = ExecutorState.Stopped;
                stopping.Add(executor);
            }
        }

        _freeCores = 0;
        UpdateSnapshot();
        reply.TrySetResult(stopping);
    }
}
