using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Keeps an <see cref="ExecutorPodsSnapshot"/> of an application's executor pods current from the API server and
/// hands every new snapshot to each subscriber, in order, on the subscriber's own bounded queue (the allocator and the
/// lifecycle manager subscribe separately and never block each other):
/// <code>
///   list (resourceVersion R) ──> watch from R (bookmarks) ──event──> snapshot.With(pod) ──> subscribers
///        ^                          │ stream ends / connection drops: watch again from the last R seen
///        └── 410 Gone ──────────────┘ (re-list: the full list replaces the snapshot)
///   every kiln.kubernetes.executor.apiPollingInterval: full list ──> snapshot.Replaced(list) ──> subscribers
/// </code>
/// An unreachable API server is retried with backoff; running executors are not affected by it.
/// </summary>
/// <remarks>Start with <see cref="Start"/> after subscribing; dispose to stop. Subscribers are called on a thread of their own queue.</remarks>
public sealed class PodSnapshotSource : IAsyncDisposable
{
    private const int SubscriberCapacity = 256;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _api;
    private readonly string _namespace;
    private readonly string _selector;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Subscriber> _subscribers = [];
    private readonly Lock _lock = new();
    private ExecutorPodsSnapshot _current = ExecutorPodsSnapshot.Empty;
    private Task _watch = Task.CompletedTask;
    private Task _poll = Task.CompletedTask;
    private bool _apiDown;

    public PodSnapshotSource(IKubernetes api, string ns, string appId, TimeSpan pollInterval, TimeProvider time, ILogger logger)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _namespace = ns ?? throw new ArgumentNullException(nameof(ns));
        _selector = ExecutorPodLabels.Selector(appId);
        _pollInterval = pollInterval;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The latest snapshot.</summary>
    public ExecutorPodsSnapshot Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Calls <paramref name="onSnapshot"/> with every snapshot from now on, one at a time, in order.</summary>
    public void Subscribe(Func<ExecutorPodsSnapshot, ValueTask> onSnapshot)
    {
        ArgumentNullException.ThrowIfNull(onSnapshot);
        var subscriber = new Subscriber(onSnapshot, _logger);
        lock (_lock)
        {
            _subscribers.Add(subscriber);
        }
    }

    public void Start()
    {
        _watch = Task.Run(() => WatchLoopAsync(_stop.Token));
        _poll = Task.Run(() => PollLoopAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_watch, _poll).ConfigureAwait(false);
        Subscriber[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var s in subscribers)
        {
            await s.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await ListAsync(cancellationToken).ConfigureAwait(false);
                Exception? streamError = null;
                var first = true;
                var events = _api.CoreV1.WatchListNamespacedPodAsync(
                    _namespace, allowWatchBookmarks: true, labelSelector: _selector, resourceVersion: resourceVersion, timeoutSeconds: 300,
                    onError: e => streamError ??= e, cancellationToken: cancellationToken);
                await foreach (var (type, pod) in events.ConfigureAwait(false))
                {
                    if (first)
                    {
                        first = false;
                        ApiReachable();
                        backoff = TimeSpan.FromMilliseconds(100);
                    }

                    resourceVersion = pod.Metadata?.ResourceVersion ?? resourceVersion;
                    if (type is WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
                    {
                        Publish(s => s.With(pod, deleted: type == WatchEventType.Deleted));
                    }
                }

                if (streamError is not null)
                {
                    throw streamError;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsGone(e))
            {
                resourceVersion = null;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or HttpOperationException or KubernetesException or TimeoutException or OperationCanceledException || e is Kiln.Kubernetes.KubernetesException)
            {
                ApiUnreachable(e);
                await DelayAsync(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await DelayAsync(_pollInterval, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or HttpOperationException or TimeoutException or OperationCanceledException || e is Kiln.Kubernetes.KubernetesException)
            {
                ApiUnreachable(e);
            }
        }
    }

    /// <summary>Lists the pods, replaces the snapshot with them and returns the list's resourceVersion.</summary>
    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = await _api.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: _selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        ApiReachable();
        var now = _time.GetUtcNow();
        Publish(s => s.Replaced(list.Items, now));
        return list.Metadata.ResourceVersion;
    }

    private void Publish(Func<ExecutorPodsSnapshot, ExecutorPodsSnapshot> change)
    {
        lock (_lock)
        {
            _current = change(_current);
            foreach (var s in _subscribers)
            {
                s.Offer(_current);
            }
        }
    }

    private void ApiReachable()
    {
        if (_apiDown)
        {
            _apiDown = false;
            KubernetesLog.ApiServerBack(_logger);
        }
    }

    private void ApiUnreachable(Exception e)
    {
        if (!_apiDown)
        {
            _apiDown = true;
            KubernetesLog.ApiServerUnreachable(_logger, e.Message);
        }
    }

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        Kiln.Kubernetes.KubernetesGoneException => true,
        _ => false,
    };

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One subscriber's queue: snapshots are delivered in order; when it falls behind, only the newest matters.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly Channel<ExecutorPodsSnapshot> _queue = Channel.CreateBounded<ExecutorPodsSnapshot>(
            new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

        private readonly Task _loop;

        public Subscriber(Func<ExecutorPodsSnapshot, ValueTask> onSnapshot, ILogger logger) => _loop = Task.Run(async () =>
        {
            await foreach (var snapshot in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await onSnapshot(snapshot).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    KubernetesLog.SubscriberFailed(logger, e);
                }
            }
        });

        public void Offer(ExecutorPodsSnapshot snapshot) => _queue.Writer.TryWrite(snapshot);

        public async ValueTask DisposeAsync()
        {
            _queue.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
    }
}
