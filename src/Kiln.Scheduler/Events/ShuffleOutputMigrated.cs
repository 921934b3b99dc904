namespace Kiln.Scheduler.Events;

/// <summary>One map output of a leaving executor now lives elsewhere (a live executor, or the fallback storage).</summary>
/// <param name="Target">The executor id now serving it, or the fallback storage's location name.</param>
/// <param name="Blocks">Its non-empty blocks (one per reduce partition).</param>
public sealed record ShuffleOutputMigrated(DateTimeOffset Time, string ExecutorId, int ShuffleId, int MapIndex, string Target, int Blocks, long Bytes) : ListenerEvent(Time);
