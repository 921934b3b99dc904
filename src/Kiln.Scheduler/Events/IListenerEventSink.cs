namespace Kiln.Scheduler.Events;

/// <summary>A consumer of listener events: the status store, the event log writer, the metrics.</summary>
/// <remarks>
/// Called on the <see cref="ListenerBus"/>'s one dispatch thread, in posting order, never concurrently with itself;
/// a sink may be slow (the bus drops events rather than wait) but should not block for long.
/// </remarks>
public interface IListenerEventSink
{
    void OnEvent(ListenerEvent listenerEvent);

    /// <summary>The queue is empty for now: a good moment to flush buffers (the event log flushes its file here).</summary>
    void OnQueueDrained()
    {
    }
}
