namespace Kiln.Cluster.Decommission;

/// <summary>
/// The driver's record of one executor leaving gracefully, owned by the cluster backend's loop, which moves it on
/// after every task end, migration answer and tick:
/// <code>
///   Active ──DecommissionExecutor (driver, dynamic allocation) or ExecutorDecommissioning (SIGTERM)──> Draining
///   Draining   no new tasks; its running tasks finish ─────────────────────────────────────────> Migrating
///   Migrating  each map output it serves goes to a live executor (MigrateShuffleOutput; round robin), or to the
///              fallback storage when none is left; each ShuffleOutputMigrated moves the driver's map status ─> Releasing
///   Releasing  it keeps serving until no task launched before the last move (which may still read the old
///              places) runs ─> StopExecutor ─> Stopped ("decommissioned: ...")
///   any phase, after kiln.executor.decommission.forceKillTimeout ─> killed; what it still served is recomputed when read
/// </code>
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class ExecutorDecommission
{
    private readonly Dictionary<(int Shuffle, int Map), string> _pending = [];

    public ExecutorDecommission(string reason, DateTimeOffset startedAt, TimeSpan forceKillTimeout)
    {
        Reason = reason;
        StartedAt = startedAt;
        Deadline = forceKillTimeout == TimeSpan.MaxValue ? DateTimeOffset.MaxValue : startedAt + forceKillTimeout;
    }

    public string Reason { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>When it is killed if it has not finished (<c>kiln.executor.decommission.forceKillTimeout</c>).</summary>
    public DateTimeOffset Deadline { get; }

    public DecommissionPhase Phase { get; private set; } = DecommissionPhase.Draining;

    /// <summary>In <see cref="DecommissionPhase.Releasing"/>: tasks launched with an older map-output epoch may still read the old locations.</summary>
    public long ReleaseEpoch { get; private set; }

    public int OutputsMigrated { get; private set; }

    public int BlocksMigrated { get; private set; }

    public long BytesMigrated { get; private set; }

    /// <summary>Migrations that failed (or whose target went away); those outputs are recomputed when read.</summary>
    public int OutputsFailed { get; private set; }

    public int PendingCount => _pending.Count;

    /// <summary>
    /// Map outputs of tasks that finished while draining, as reported: the DAG scheduler registers them on its own
    /// thread, possibly after the migration is planned, so they are moved whether or not the tracker has them yet.
    /// </summary>
    public List<Execution.Shuffle.MapStatus> DrainedOutputs { get; } = [];

    /// <summary>The running tasks have finished: the migrations sent are pending until answered.</summary>
    public void StartMigrating(IEnumerable<(int Shuffle, int Map, string Target)> sent)
    {
        foreach (var (shuffle, map, target) in sent)
        {
            _pending[(shuffle, map)] = target;
        }

        Phase = DecommissionPhase.Migrating;
    }

    /// <summary>An answer to a migration; false when none was pending for that output (a late or duplicate answer).</summary>
    public bool Answered(int shuffle, int map, bool moved, int blocks, long bytes)
    {
        if (!_pending.Remove((shuffle, map)))
        {
            return false;
        }

        if (moved)
        {
            OutputsMigrated++;
            BlocksMigrated += blocks;
            BytesMigrated += bytes;
        }
        else
        {
            OutputsFailed++;
        }

        return true;
    }

    /// <summary>Gives up the migrations sent to targets that are no longer live.</summary>
    public void DropTargets(Func<string, bool> isLive)
    {
        foreach (var (key, target) in _pending.ToArray())
        {
            if (!isLive(target))
            {
                _pending.Remove(key);
                OutputsFailed++;
            }
        }
    }

    /// <summary>Every migration was answered; tasks launched before <paramref name="epoch"/> are waited for.</summary>
    public void StartReleasing(long epoch)
    {
        ReleaseEpoch = epoch;
        Phase = DecommissionPhase.Releasing;
    }
}
