using System.Threading.Channels;

namespace Kiln.Scheduler.Events;

/// <summary>
/// Carries listener events from the scheduler and the backends to their sinks (status store, event log, metrics)
/// without ever making the poster wait:
/// <code>
///   scheduler / backend threads ──Post (TryWrite, never blocks)──> bounded queue ──one dispatch loop──> sinks, in order
///                                      │ queue full                                   │ queue empty
///                                      v                                              v
///                                  DroppedEvents++                              sink.OnQueueDrained (flush)
/// </code>
/// A slow sink therefore costs events (counted, shown in the UI and the metrics), never scheduler time. The loop
/// sleeps on the queue only when it has been empty for a whole batch delay: while events keep coming, it wakes every
/// <c>batchDelay</c> and takes what arrived, so a poster's TryWrite only enqueues (it wakes no thread) and the sinks
/// flush once per batch, not once per event.
/// </summary>
/// <remarks>Thread-safe. Subscribe sinks before posting; dispose to deliver what is queued and stop.</remarks>
public sealed class ListenerBus : IAsyncDisposable
{
    private readonly Channel<object> _queue;
    private static readonly TimeSpan DefaultBatchDelay = TimeSpan.FromMilliseconds(5);
    private readonly Task _loop;
    private readonly TimeSpan _batchDelay;
    private IListenerEventSink[] _sinks = [];
    private long _dropped;
    private long _sinkFailures;

    /// <param name="capacity">Events the queue holds; beyond, posts are dropped and counted.</param>
    /// <param name="time">The clock events are stamped with.</param>
    /// <param name="batchDelay">How long the loop waits after draining the queue before it takes the next batch (default 5 ms; zero: none).</param>
    public ListenerBus(int capacity = 10_000, TimeProvider? time = null, TimeSpan? batchDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Time = time ?? TimeProvider.System;
        _batchDelay = batchDelay ?? DefaultBatchDelay;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(DispatchAsync);
    }

    /// <summary>The clock events are stamped with.</summary>
    public TimeProvider Time { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Events not delivered because the queue was full.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Times a sink threw (the event still reached the other sinks).</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    public void Subscribe(IListenerEventSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        lock (_queue)
        {
            _sinks = [.. _sinks, sink];
        }
    }

    /// <summary>Queues an event for the sinks; when the queue is full the event is dropped and counted.</summary>
    public void Post(ListenerEvent listenerEvent)
    {
        ArgumentNullException.ThrowIfNull(listenerEvent);
        if (!_queue.Writer.TryWrite(listenerEvent))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Queues an event that must not be lost (the application's end), waiting for room; never for the scheduler's events.</summary>
    public async ValueTask PostWaitingAsync(ListenerEvent listenerEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listenerEvent);
        try
        {
            await _queue.Writer.WriteAsync(listenerEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Completes once every event posted before the call has reached every sink (waits for room in the queue).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(done, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DispatchAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item is ListenerEvent e)
                {
                    Deliver(sink => sink.OnEvent(e));
                }
                else if (item is TaskCompletionSource flush)
                {
                    Deliver(sink => sink.OnQueueDrained());
                    flush.TrySetResult();
                }
            }

            Deliver(sink => sink.OnQueueDrained());
            if (_batchDelay > TimeSpan.Zero && !reader.Completion.IsCompleted)
            {
                // Real time, not the stamping clock: batching is about the machine's cost, and a fake clock must not stall delivery.
                await Task.Delay(_batchDelay).ConfigureAwait(false);
            }
        }
    }

    private void Deliver(Action<IListenerEventSink> action)
    {
        foreach (var sink in Volatile.Read(ref _sinks))
        {
            try
            {
                action(sink);
            }
#pragma warning disable CA1031 // A failing sink must not stop the others or the bus.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _sinkFailures);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
