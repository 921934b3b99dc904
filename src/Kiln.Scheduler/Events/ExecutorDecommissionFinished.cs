namespace Kiln.Scheduler.Events;

/// <summary>A decommission ended: the executor exits (or, when <paramref name="Forced"/>, was killed at forceKillTimeout).</summary>
/// <param name="OutputsMigrated">Map outputs moved to another holder.</param>
/// <param name="BlocksMigrated">Their non-empty blocks.</param>
/// <param name="BytesMigrated">Their bytes.</param>
/// <param name="OutputsLost">Map outputs it still held that were not moved (recomputed when read).</param>
/// <param name="Duration">From the request to the end.</param>
public sealed record ExecutorDecommissionFinished(
    DateTimeOffset Time, string ExecutorId, int OutputsMigrated, int BlocksMigrated, long BytesMigrated, int OutputsLost, TimeSpan Duration, bool Forced) : ListenerEvent(Time);
