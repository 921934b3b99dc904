using System.Text.Json.Serialization;

namespace Kiln.Scheduler.Events;

/// <summary>
/// One thing that happened in an application, as the status store, the event log and the metrics see it. Events are
/// immutable records posted to the <see cref="ListenerBus"/>; the event log writes each as one JSON line whose
/// <c>Event</c> property names its type, and replaying those lines rebuilds the same status.
/// </summary>
/// <param name="Time">When it happened (the driver's clock).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "Event", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ApplicationStarted), "ApplicationStart")]
[JsonDerivedType(typeof(ApplicationEnded), "ApplicationEnd")]
[JsonDerivedType(typeof(EnvironmentUpdated), "EnvironmentUpdate")]
[JsonDerivedType(typeof(ExecutorAdded), "ExecutorAdded")]
[JsonDerivedType(typeof(ExecutorRemoved), "ExecutorRemoved")]
[JsonDerivedType(typeof(ExecutorMetricsUpdated), "ExecutorMetricsUpdate")]
[JsonDerivedType(typeof(ExecutorDecommissionStarted), "ExecutorDecommissionStart")]
[JsonDerivedType(typeof(ShuffleOutputMigrated), "ShuffleOutputMigrated")]
[JsonDerivedType(typeof(ExecutorDecommissionFinished), "ExecutorDecommissionEnd")]
[JsonDerivedType(typeof(JobStarted), "JobStart")]
[JsonDerivedType(typeof(JobEnded), "JobEnd")]
[JsonDerivedType(typeof(StageSubmitted), "StageSubmitted")]
[JsonDerivedType(typeof(StageCompleted), "StageCompleted")]
[JsonDerivedType(typeof(TaskStarted), "TaskStart")]
[JsonDerivedType(typeof(TaskLaunched), "TaskLaunch")]
[JsonDerivedType(typeof(TaskEnded), "TaskEnd")]
[JsonDerivedType(typeof(SqlExecutionStarted), "SqlExecutionStart")]
[JsonDerivedType(typeof(SqlExecutionEnded), "SqlExecutionEnd")]
[JsonDerivedType(typeof(CachePersisted), "CachePersisted")]
[JsonDerivedType(typeof(CacheUnpersisted), "CacheUnpersisted")]
public abstract record ListenerEvent(DateTimeOffset Time);
