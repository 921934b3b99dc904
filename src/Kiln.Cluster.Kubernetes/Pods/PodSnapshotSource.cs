using System.Threading.Channels;
using k8s;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Kubernetes.Watch;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Keeps an <see cref="ExecutorPodsSnapshot"/> of an application's executor pods current from the API server and
/// hands every new snapshot to each subscriber, in order, on the subscriber's own bounded queue (the allocator and the
/// lifecycle manager subscribe separately and never block each other):
/// <code>
///   KubernetesListWatch.PodsAsync (kiln-app-id=APP, kiln-role=executor):
///     Relisted(items)  (first list, after 410 Gone, every kiln.kubernetes.executor.apiPollingInterval) ──> snapshot.Replaced(items)
///     Added / Modified / Deleted(pod) (watch from the list's resourceVersion, bookmarks)  ──> snapshot.With(pod)
///                                                                                            └──> every subscriber
/// </code>
/// An unreachable API server is retried (the helper's backoff, then a fresh list); running executors are not affected.
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
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(false);
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
        var options = new ListWatchOptions
        {
            LabelSelector = _selector,
            AllowBookmarks = true,
            ResyncInterval = _pollInterval,
            MaxConsecutiveFailures = 5,
            TimeProvider = _time,
        };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in KubernetesListWatch.PodsAsync(_api, _namespace, options, cancellationToken).ConfigureAwait(false))
                {
                    ApiReachable();
                    switch (e.Type)
                    {
                        case ListWatchEventType.Relisted:
                            var now = _time.GetUtcNow();
                            Publish(s => s.Replaced(e.Items ?? [], now));
                            break;
                        case ListWatchEventType.Added or ListWatchEventType.Modified or ListWatchEventType.Deleted when e.Object is { } pod:
                            Publish(s => s.With(pod, deleted: e.Type == ListWatchEventType.Deleted));
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ApiUnreachable(e);
                try
                {
                    await Task.Delay(MaxBackoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
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
