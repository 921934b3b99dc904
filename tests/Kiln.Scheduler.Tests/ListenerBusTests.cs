using Kiln.Scheduler.Events;

namespace Kiln.Scheduler.Tests;

/// <summary>The listener bus never makes a poster wait: a stuck sink costs counted events, not scheduler time.</summary>
public sealed class ListenerBusTests
{
    private sealed class StuckSink : IListenerEventSink, IDisposable
    {
        public readonly SemaphoreSlim Entered = new(0);
        public readonly ManualResetEventSlim Release = new(false);
        public readonly List<ListenerEvent> Seen = [];

        public void OnEvent(ListenerEvent listenerEvent)
        {
            Seen.Add(listenerEvent);
            Entered.Release();
            Release.Wait();
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }

    private static ApplicationEnded Event(int n) => new(DateTimeOffset.UnixEpoch.AddSeconds(n));

    [Fact]
    public async Task A_full_queue_drops_and_counts_events_instead_of_blocking()
    {
        using var sink = new StuckSink();
        var bus = new ListenerBus(capacity: 4);
        bus.Subscribe(sink);
        bus.Post(Event(0));
        await sink.Entered.WaitAsync();
        for (var i = 1; i <= 10; i++)
        {
            bus.Post(Event(i));
        }

        Assert.Equal(6, bus.DroppedEvents);
        sink.Release.Set();
        await bus.FlushAsync();
        Assert.Equal([0, 1, 2, 3, 4], sink.Seen.Select(e => (int)e.Time.ToUnixTimeSeconds()));
        await bus.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_sink_does_not_keep_events_from_the_others()
    {
        var seen = new List<ListenerEvent>();
        var bus = new ListenerBus();
        bus.Subscribe(new ThrowingSink());
        bus.Subscribe(new ListSink(seen));
        bus.Post(Event(1));
        bus.Post(Event(2));
        await bus.DisposeAsync();
        Assert.Equal(2, seen.Count);
        Assert.Equal(2, bus.SinkFailures);
    }

    private sealed class ThrowingSink : IListenerEventSink
    {
        public void OnEvent(ListenerEvent listenerEvent) => throw new InvalidOperationException("broken sink");
    }

    private sealed class ListSink(List<ListenerEvent> seen) : IListenerEventSink
    {
        public void OnEvent(ListenerEvent listenerEvent) => seen.Add(listenerEvent);
    }
}
