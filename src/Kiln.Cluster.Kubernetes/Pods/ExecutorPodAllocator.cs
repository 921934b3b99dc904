using System.Threading.Channels;
using k8s;
using k8s.Models;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Creates executor pods for launch requests, in batches as Spark's allocator does: every
/// <c>allocation.batch.delay</c> at most <c>allocation.batch.size</c> pods, and never more than
/// <c>allocation.maxPendingPods</c> created and not yet running. One loop owns the queue:
/// <code>
///   Request(spec) ─┐                                  ┌─> build pod (feature steps) ─> POST pod ─> POST on-demand claims
///   Snapshot ──────┼─> bounded channel ─> one loop ───┤      (owned by the pod) ─> the request completes with its PodHandle
///   Round (wake-up)┘                                  └─> permanent API errors (403, 422) fail the request for good
/// </code>
/// A round runs when one is due (<c>batch.delay</c> after the last) and requests wait; requests that arrive when a round
/// is due wait <see cref="AllocationSettings.Settle"/> for the rest of their burst (the executors a backend launches at
/// once arrive one by one), unless a batch is already full, so start-up creates them in one round as Spark's
/// target-driven allocator does. A request cancelled before its pod is created is dropped from the queue.
/// </summary>
/// <remarks>Thread-safe; dispose to stop (queued requests fail).</remarks>
internal sealed class ExecutorPodAllocator : IAsyncDisposable
{
    private readonly IKubernetes _api;
    private readonly ExecutorPodBuilder _builder;
    private readonly KubernetesExecutorOptions _options;
    private readonly AllocationSettings _settings;
    private readonly Func<ExecutorLaunchSpec, ExecutorPodContext> _context;
    private readonly PodHandles _handles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Event> _events = Channel.CreateBounded<Event>(new BoundedChannelOptions(4096) { SingleReader = true });
    private readonly LinkedList<Request> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ExecutorPodsSnapshot _snapshot = ExecutorPodsSnapshot.Empty;
    private DateTimeOffset _lastRound = DateTimeOffset.MinValue;
    private DateTimeOffset? _settleUntil;
    private DateTimeOffset? _wakeAt;

    public ExecutorPodAllocator(
        IKubernetes api, ExecutorPodBuilder builder, KubernetesExecutorOptions options, AllocationSettings settings,
        Func<ExecutorLaunchSpec, ExecutorPodContext> context, PodHandles handles, TimeProvider time, ILogger logger)
    {
        _api = api;
        _builder = builder;
        _options = options;
        _settings = settings;
        _context = context;
        _handles = handles;
        _time = time;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Pods created so far (for the allocation benchmark).</summary>
    public int Created { get; private set; }

    /// <summary>Completes once the executor's pod has been created.</summary>
    /// <exception cref="ExecutorStartException">The API server refused the pod; <see cref="ExecutorStartException.FailsApplication"/> when only a change of settings or RBAC helps.</exception>
    public async Task<IExecutorHandle> RequestAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken)
    {
        var request = new Request(spec, new TaskCompletionSource<IExecutorHandle>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _events.Writer.WriteAsync(new Queued(request), cancellationToken).ConfigureAwait(false);
        using var registration = cancellationToken.Register(() => _events.Writer.TryWrite(new Cancelled(request)));
        return await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void OnSnapshot(ExecutorPodsSnapshot snapshot) => _events.Writer.TryWrite(new SnapshotArrived(snapshot));

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        foreach (var request in _queue)
        {
            request.Done.TrySetCanceled();
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (e)
            {
                case Queued q:
                    _queue.AddLast(q.Request);
                    if (_settleUntil is null && RoundDue(_time.GetUtcNow()) && _queue.Count < _settings.BatchSize)
                    {
                        _settleUntil = _time.GetUtcNow() + _settings.Settle;
                        WakeAt(_settleUntil.Value);
                    }

                    break;
                case Cancelled c:
                    _queue.Remove(c.Request);
                    c.Request.Done.TrySetCanceled();
                    break;
                case SnapshotArrived s:
                    _snapshot = s.Snapshot;
                    break;
                case Round r:
                    if (_wakeAt == r.At)
                    {
                        _wakeAt = null;
                    }

                    break;
            }

            var now = _time.GetUtcNow();
            if (_queue.Count == 0)
            {
                _settleUntil = null;
            }
            else if (!RoundDue(now))
            {
                WakeAt(_lastRound + _settings.BatchDelay);
            }
            else if (_settleUntil is not { } settle || now >= settle || _queue.Count >= _settings.BatchSize)
            {
                _settleUntil = null;
                await RoundAsync().ConfigureAwait(false);
                if (_queue.Count > 0)
                {
                    WakeAt(_lastRound + _settings.BatchDelay);
                }
            }
        }
    }

    private bool RoundDue(DateTimeOffset now) => now - _lastRound >= _settings.BatchDelay;

    /// <summary>Posts a Round at <paramref name="at"/>, unless one is already coming by then.</summary>
    private void WakeAt(DateTimeOffset at)
    {
        if (_wakeAt is { } coming && coming <= at)
        {
            return;
        }

        _wakeAt = at;
        _ = PostRoundAsync(at);
    }

    private async Task PostRoundAsync(DateTimeOffset at)
    {
        var wait = at - _time.GetUtcNow();
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, _stop.Token).ConfigureAwait(false);
            }

            _events.Writer.TryWrite(new Round(at));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One allocation round: create up to a batch of pods, within the pending limit.</summary>
    private async Task RoundAsync()
    {
        _lastRound = _time.GetUtcNow();
        var pending = _handles.Live().Count(IsPending);
        var count = Math.Min(Math.Min(_settings.BatchSize, _settings.MaxPendingPods - pending), _queue.Count);
        if (count <= 0)
        {
            return;
        }

        KubernetesLog.CreatingPods(_logger, count, pending, _queue.Count);
        var batch = new List<Request>();
        for (var i = 0; i < count; i++)
        {
            batch.Add(_queue.First!.Value);
            _queue.RemoveFirst();
        }

        await Task.WhenAll(batch.Select(CreateAsync)).ConfigureAwait(false);
    }

    private bool IsPending(PodHandle handle) =>
        !_snapshot.Pods.TryGetValue(handle.ExecutorId, out var state) || state is ExecutorPodState.Pending;

    private async Task CreateAsync(Request request)
    {
        var context = _context(request.Spec);
        ExecutorPod built;
        try
        {
            built = _builder.Build(context);
        }
        catch (Exception e) when (e is Kiln.Common.Errors.KilnException or InvalidOperationException or ArgumentException)
        {
            request.Done.TrySetException(new ExecutorStartException(request.Spec.ExecutorId, $"its pod cannot be built: {e.Message}", [], e) { FailsApplication = true });
            return;
        }

        V1Pod created;
        try
        {
            created = await _api.CoreV1.CreateNamespacedPodAsync(built.Pod, _options.Namespace, cancellationToken: _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            KubernetesLog.CreateFailed(_logger, context.PodName, e.Message);
            request.Done.TrySetException(new ExecutorStartException(
                request.Spec.ExecutorId, $"the API server did not create pod {context.PodName}: {e.Message}", [], e) { FailsApplication = ApiErrors.IsPermanent(e) });
            return;
        }

        Created++;
        var handle = _handles.Add(request.Spec.ExecutorId, created.Metadata.Name, _time.GetUtcNow());
        await CreateClaimsAsync(built, created).ConfigureAwait(false);
        if (!request.Done.TrySetResult(handle))
        {
            handle.Kill();
        }
    }

    /// <summary>On-demand claims are owned by their pod, so they go when it goes.</summary>
    private async Task CreateClaimsAsync(ExecutorPod built, V1Pod created)
    {
        foreach (var claim in built.OnDemandClaims)
        {
            claim.Metadata.OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = created.Metadata.Name, Uid = created.Metadata.Uid, Controller = true },
            ];
            try
            {
                await _api.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, _options.Namespace, cancellationToken: _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                KubernetesLog.CreateFailed(_logger, claim.Metadata.Name, e.Message);
            }
        }
    }

    private sealed record Request(ExecutorLaunchSpec Spec, TaskCompletionSource<IExecutorHandle> Done);

    private abstract record Event;

    private sealed record Queued(Request Request) : Event;

    private sealed record Cancelled(Request Request) : Event;

    private sealed record SnapshotArrived(ExecutorPodsSnapshot Snapshot) : Event;

    /// <summary>A wake-up scheduled for <paramref name="At"/>.</summary>
    private sealed record Round(DateTimeOffset At) : Event;
}
