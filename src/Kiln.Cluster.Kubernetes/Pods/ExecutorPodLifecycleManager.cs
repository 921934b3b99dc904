using System.Threading.Channels;
using k8s;
using Kiln.Cluster.Driver;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Watches the application's executor pods through snapshots and ends each executor when its pod is done. One loop:
/// <code>
///   Snapshot ─┐                              ┌─ final pod (Succeeded, Failed, Deleted) ─> the handle's exit (reason,
///   Tick ─────┴─> bounded channel ─> loop ───┤    code, message, last log lines) ─> the driver loses the executor;
///                                            │    the pod is deleted unless deleteOnTermination=false
///                                            ├─ created but never seen for missingPodDetectDelta ─> lost ("vanished")
///                                            ├─ pending and blocked (Unschedulable, ErrImagePull, ...) ─> warned once
///                                            └─ nothing running and blocked for failFastTimeout ─> every pending
///                                               executor ends with FailsApplication: the application fails fast
/// </code>
/// </summary>
/// <remarks>Thread-safe; dispose to stop.</remarks>
internal sealed class ExecutorPodLifecycleManager : IAsyncDisposable
{
    private static readonly TimeSpan LogReadTimeout = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _api;
    private readonly string _namespace;
    private readonly AllocationSettings _settings;
    private readonly PodHandles _handles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PodLogCollector? _logs;
    // Dropping the oldest event loses nothing: each snapshot is complete, and a review covers every live pod.
    private readonly Channel<Event> _events = Channel.CreateBounded<Event>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _ticker;
    private ExecutorPodsSnapshot _snapshot = ExecutorPodsSnapshot.Empty;
    private DateTimeOffset _progressAt;

    public ExecutorPodLifecycleManager(IKubernetes api, string ns, AllocationSettings settings, PodHandles handles, TimeProvider time, ILogger logger, PodLogCollector? logs = null)
    {
        _logs = logs;
        _api = api;
        _namespace = ns;
        _settings = settings;
        _handles = handles;
        _time = time;
        _logger = logger;
        _progressAt = time.GetUtcNow();
        _loop = Task.Run(LoopAsync);
        _ticker = Task.Run(TickAsync);
    }

    public void OnSnapshot(ExecutorPodsSnapshot snapshot) => _events.Writer.TryWrite(new SnapshotArrived(snapshot));

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loop, _ticker).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (e)
            {
                case SnapshotArrived arrived:
                    _snapshot = arrived.Snapshot;
                    break;
                case Tick:
                    break;
            }

            try
            {
                await ReviewAsync().ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                KubernetesLog.SubscriberFailed(_logger, failure);
            }
        }
    }

    private async Task TickAsync()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_settings.FailFastTimeout.Ticks / 10, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(5).Ticks));
        try
        {
            while (true)
            {
                await Task.Delay(period, _time, _stop.Token).ConfigureAwait(false);
                _events.Writer.TryWrite(new Tick());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReviewAsync()
    {
        var now = _time.GetUtcNow();
        var blocked = new List<(PodHandle Handle, PodBlocker Blocker)>();
        var anyRunning = false;
        foreach (var handle in _handles.Live().ToArray())
        {
            if (!_snapshot.Pods.TryGetValue(handle.ExecutorId, out var state) || state.Name != handle.PodName)
            {
                if (!handle.Seen && now - handle.CreatedAt > _settings.MissingPodDetectDelta && _snapshot.FullAt > handle.CreatedAt)
                {
                    handle.Complete(new ExecutorExit(null, null, "Missing", $"pod {handle.PodName} was created but the API server has not shown it for {_settings.MissingPodDetectDelta.TotalSeconds:0}s (kiln.kubernetes.executor.missingPodDetectDelta)"));
                }

                continue;
            }

            handle.Seen = true;
            handle.SetNode(state.Pod.Spec?.NodeName);
            if (state is ExecutorPodState.Running || (state.IsFinal && state is not ExecutorPodState.Deleted))
            {
                _logs?.Follow(handle.ExecutorId, handle.PodName);
            }

            switch (state)
            {
                case { IsFinal: true }:
                    await EndAsync(handle, state).ConfigureAwait(false);
                    break;
                case ExecutorPodState.Running:
                    anyRunning = true;
                    break;
                case ExecutorPodState.Pending { Blocker: { } blocker }:
                    blocked.Add((handle, blocker));
                    if (_warned.Add($"{handle.PodName}/{blocker.Reason}"))
                    {
                        KubernetesLog.PodBlocked(_logger, handle.PodName, blocker.Describe());
                    }

                    break;
            }
        }

        if (anyRunning || blocked.Count == 0)
        {
            _progressAt = now;
            return;
        }

        if (now - _progressAt >= _settings.FailFastTimeout)
        {
            FailFast(blocked);
        }
    }

    /// <summary>No executor could start for the fail-fast timeout: every pending executor ends, marked as failing the application.</summary>
    private void FailFast(List<(PodHandle Handle, PodBlocker Blocker)> blocked)
    {
        var (first, blocker) = blocked[0];
        var message = $"no executor could start for {_settings.FailFastTimeout.TotalSeconds:0}s (kiln.kubernetes.allocation.failFastTimeout): pod {first.PodName} is {blocker.Describe()}";
        foreach (var handle in _handles.Live().ToArray())
        {
            if (!_snapshot.Pods.TryGetValue(handle.ExecutorId, out var state) || state is ExecutorPodState.Pending)
            {
                handle.Complete(new ExecutorExit(null, null, blocker.Reason, message) { FailsApplication = true });
            }
        }
    }

    private async Task EndAsync(PodHandle handle, ExecutorPodState state)
    {
        var exit = PodExits.Of(state);
        IReadOnlyList<string>? tail = null;
        if (PodExits.WorthReadingLog(exit) && state is not ExecutorPodState.Deleted)
        {
            tail = await LogTailAsync(handle.PodName).ConfigureAwait(false);
        }

        handle.Complete(exit, tail);
        if (state is not ExecutorPodState.Deleted)
        {
            if (_logs is not null)
            {
                await _logs.DrainAsync(handle.PodName, LogReadTimeout).ConfigureAwait(false);
            }

            handle.Kill();
        }
    }

    private async Task<IReadOnlyList<string>?> LogTailAsync(string podName)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(LogReadTimeout);
        try
        {
            using var stream = await _api.CoreV1.ReadNamespacedPodLogAsync(podName, _namespace, tailLines: 10, cancellationToken: timeout.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            return null;
        }
    }

    private abstract record Event;

    private sealed record SnapshotArrived(ExecutorPodsSnapshot Snapshot) : Event;

    /// <summary>Time passed: timeouts (missing pods, fail fast) are checked even when no pod changes.</summary>
    private sealed record Tick : Event;
}
