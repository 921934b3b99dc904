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
/// A slow sink therefore costs events (counted, shown in the UI and the metrics), never scheduler time.
/// </summary>
/// <remarks>Thread-safe. Subscribe sinks before posting; dispose to deliver what is queued and stop.</remarks>
public sealed class ListenerBus : IAsyncDisposable
{
    private readonly Channel<object> _queue;
    private readonly Task _loop;
    private IListenerEventSink[] _sinks = [];
    private long _dropped;
    private long _sinkFailures;

    public ListenerBus(int capacity = 10_000, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Time = time ?? TimeProvider.System;
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
