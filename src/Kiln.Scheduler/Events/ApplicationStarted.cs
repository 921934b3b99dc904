namespace Kiln.Scheduler.Events;

/// <summary>The driver started: the first event of every application.</summary>
/// <param name="Master">The master URL (local[4], local-cluster[2,1,512], k8s://...).</param>
public sealed record ApplicationStarted(DateTimeOffset Time, string AppId, string AppName, string Master, string User, string KilnVersion) : ListenerEvent(Time);
