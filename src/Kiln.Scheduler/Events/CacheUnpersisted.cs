namespace Kiln.Scheduler.Events;

/// <summary>A cached DataFrame was unpersisted: its blocks are dropped on every executor.</summary>
public sealed record CacheUnpersisted(DateTimeOffset Time, long CacheId) : ListenerEvent(Time);
