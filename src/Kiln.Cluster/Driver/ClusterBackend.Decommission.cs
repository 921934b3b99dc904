using Kiln.Cluster.Decommission;
using Kiln.Execution.Shuffle;
using Kiln.Network;
using Kiln.Network.Protocol;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Graceful decommission's side of the loop (<c>kiln.decommission.enabled</c>): an executor asked to leave (by
/// <see cref="DecommissionExecutor"/>, dynamic allocation, or its own process on SIGTERM) becomes
/// <see cref="ExecutorState.Decommissioning"/> and goes through the phases of <see cref="ExecutorDecommission"/>:
/// the loop moves it on after task ends, migration answers and ticks, and stops it once its map outputs are served
/// elsewhere. With decommission off, a request to decommission stops the executor as <see cref="KillExecutor"/> does.
/// </summary>
public sealed partial class ClusterBackend
{
    private DecommissionOptions? _decommission;
    private int _nextMigrationTarget;

    /// <summary>
    /// Asks an executor to leave gracefully and lowers the target by one: it takes no more tasks, finishes its running
    /// ones and hands its map outputs to live executors, then exits (see <see cref="ExecutorDecommission"/>).
    /// </summary>
    public void DecommissionExecutor(string executorId, string reason)
    {
        ArgumentNullException.ThrowIfNull(executorId);
        Post(new DecommissionRequested(executorId, reason ?? "the driver asked for it", LowerTarget: true));
    }

    private void StartDecommissionSupport()
    {
        _decommission = DecommissionOptions.FromConf(_conf);
        if (_decommission is { } d)
        {
            DecommissionLog.Enabled(_logger, d.ShuffleBlocks, d.HasFallbackStorage ? d.FallbackStoragePath : "none", d.ForceKillTimeout);
            if (d.RddBlocks)
            {
                DecommissionLog.RddBlocksNotMigrated(_logger);
            }
        }
    }

    private async Task OnDecommissionRequestedAsync(string executorId, string reason, bool lowerTarget)
    {
        if (!_executors.TryGetValue(executorId, out var executor) || executor.State is not (ExecutorState.Starting or ExecutorState.Active))
        {
            return;
        }

        if (lowerTarget)
        {
            _executors.Target = Math.Max(0, _executors.Target - 1);
        }

        if (_decommission is null || executor.State == ExecutorState.Starting)
        {
            Release(executor, reason);
            return;
        }

        executor.State = ExecutorState.Decommissioning;
        _freeCores -= executor.FreeCores;
        executor.FreeCores = 0;
        executor.Decommission = new ExecutorDecommission(reason, _time.GetUtcNow(), _decommission.ForceKillTimeout);
        DecommissionLog.Started(_logger, executor.Id, reason, executor.Running.Count);
        _options.Events?.Post(new Scheduler.Events.ExecutorDecommissionStarted(_options.Events.Now, executor.Id, reason));
        await TrySendAsync(executor, new DecommissionExecutor { Reason = reason }).ConfigureAwait(false);
        UpdateSnapshot();
        EnsureTarget();
        await AdvanceDecommissionAsync(executor).ConfigureAwait(false);
    }

    /// <summary>Moves every decommission on as far as it can go now (after each batch of events and on ticks).</summary>
    private async Task AdvanceDecommissionsAsync()
    {
        foreach (var executor in _executors.All.Where(e => e.State == ExecutorState.Decommissioning).ToArray())
        {
            await AdvanceDecommissionAsync(executor).ConfigureAwait(false);
        }
    }

    private async Task AdvanceDecommissionAsync(TrackedExecutor executor)
    {
        if (executor.State != ExecutorState.Decommissioning || executor.Decommission is not { } decommission)
        {
            return;
        }

        if (_time.GetUtcNow() >= decommission.Deadline)
        {
            ForceKill(executor, decommission);
            return;
        }

        if (decommission.Phase == DecommissionPhase.Draining && executor.Running.Count == 0)
        {
            await StartMigratingAsync(executor, decommission).ConfigureAwait(false);
        }

        if (decommission.Phase == DecommissionPhase.Migrating)
        {
            decommission.DropTargets(target => target == executor.Id
                || (_executors.TryGetValue(target, out var t) && t.State == ExecutorState.Active));
            if (decommission.PendingCount == 0)
            {
                decommission.StartReleasing(_mapOutputs.Epoch);
            }
        }

        if (decommission.Phase == DecommissionPhase.Releasing && !_running.Values.Any(p => p.LaunchEpoch < decommission.ReleaseEpoch))
        {
            await FinishDecommissionAsync(executor, decommission).ConfigureAwait(false);
        }
    }

    /// <summary>Sends each map output the executor serves to a live executor, round robin, or to the fallback storage when none is left.</summary>
    private async Task StartMigratingAsync(TrackedExecutor executor, ExecutorDecommission decommission)
    {
        var outputs = _decommission!.ShuffleBlocks
            ? _mapOutputs.OutputsOn(executor.Id).Concat(decommission.DrainedOutputs).DistinctBy(o => (o.ShuffleId, o.MapIndex)).ToArray()
            : [];
        var peers = _executors.All.Where(e => e.State == ExecutorState.Active && e.Endpoint is not null).ToArray();
        var sent = new List<(int, int, string)>();
        var source = new BlockLocationInfo { ExecutorId = executor.Id, Host = executor.BlockServer?.Host ?? string.Empty, Port = executor.BlockServer?.Port ?? 0 };
        foreach (var output in outputs)
        {
            var toFallback = peers.Length == 0;
            if (toFallback && !_decommission.HasFallbackStorage)
            {
                break;
            }

            var target = toFallback ? executor : peers[_nextMigrationTarget++ % peers.Length];
            var message = new MigrateShuffleOutput { ShuffleId = output.ShuffleId, MapIndex = output.MapIndex, Source = source, ToFallback = toFallback };
            message.PartitionSizes.Add(output.PartitionSizes);
            if (await TrySendAsync(target, message).ConfigureAwait(false))
            {
                sent.Add((output.ShuffleId, output.MapIndex, target.Id));
            }
        }

        var targets = peers.Length > 0 ? string.Join(", ", peers.Select(p => "executor " + p.Id)) : _decommission.HasFallbackStorage ? "the fallback storage" : "nowhere (no live executor, no fallback storage)";
        var bytes = outputs.Sum(o => o.TotalBytes);
        DecommissionLog.Migrating(_logger, executor.Id, sent.Count, bytes, targets);
        decommission.StartMigrating(sent);
    }

    private async Task OnShuffleOutputMigratedAsync(ShuffleOutputMigrated answer)
    {
        if (!_executors.TryGetValue(answer.SourceExecutorId, out var source) || source.Decommission is not { } decommission || source.State != ExecutorState.Decommissioning)
        {
            return;
        }

        var (location, blockServer) = answer.ToFallback
            ? (ShuffleOutputMigration.FallbackLocation, (NetworkAddress?)null)
            : (answer.ExecutorId, _executors.TryGetValue(answer.ExecutorId, out var target) && target.State == ExecutorState.Active ? target.BlockServer : null);
        var moved = answer.Ok && (answer.ToFallback || blockServer is not null)
            && _mapOutputs.MoveMapOutput(answer.ShuffleId, answer.MapIndex, source.Id, location, blockServer);
        // The shuffle may have been cleaned up meanwhile (its job ended while the output was on its way): then nothing
        // needs the output, the move fails harmlessly and the decommission goes on.
        var blocks = _mapOutputs.StatusOf(answer.ShuffleId, answer.MapIndex) is { } status ? status.PartitionSizes.Count(size => size > 0) : 0;
        if (!decommission.Answered(answer.ShuffleId, answer.MapIndex, moved, blocks, answer.Bytes))
        {
            return;
        }

        if (moved)
        {
            if (!answer.ToFallback)
            {
                _executors[answer.ExecutorId].ShufflesWritten.Add(answer.ShuffleId);
            }

            _options.Events?.Post(new Scheduler.Events.ShuffleOutputMigrated(_options.Events.Now, source.Id, answer.ShuffleId, answer.MapIndex, location, blocks, answer.Bytes));
        }
        else
        {
            DecommissionLog.MigrationFailed(_logger, source.Id, answer.ShuffleId, answer.MapIndex, location, answer.Ok ? "the output was lost, its shuffle was cleaned up, or its new holder left meanwhile" : answer.Error);
        }

        await AdvanceDecommissionAsync(source).ConfigureAwait(false);
    }

    private async Task FinishDecommissionAsync(TrackedExecutor executor, ExecutorDecommission decommission)
    {
        var lost = _mapOutputs.RemoveLocation(executor.Id);
        _options.UserCode?.Cache.RemoveExecutor(executor.Id);
        executor.Decommission = null;
        _executors.MarkStopped(executor, $"decommissioned: {decommission.Reason}");
        await TrySendAsync(executor, new StopExecutor { Reason = "decommissioned" }).ConfigureAwait(false);
        _ = StopProcessAsync(executor);
        Finished(executor, decommission, lost, forced: false);
    }

    private void ForceKill(TrackedExecutor executor, ExecutorDecommission decommission)
    {
        var lost = _mapOutputs.OutputsOn(executor.Id).Count;
        DecommissionLog.ForceKilled(_logger, executor.Id, _decommission!.ForceKillTimeout, decommission.Phase, lost);
        executor.Decommission = null;
        ForgetWork(executor, "its decommission did not finish within kiln.executor.decommission.forceKillTimeout", lost: false);
        _executors.MarkStopped(executor, $"decommissioned (killed at kiln.executor.decommission.forceKillTimeout): {decommission.Reason}");
        executor.Handle.Kill();
        _ = executor.Handle.DisposeAsync().AsTask();
        Finished(executor, decommission, lost, forced: true);
    }

    private void Finished(TrackedExecutor executor, ExecutorDecommission decommission, int lost, bool forced)
    {
        var took = _time.GetUtcNow() - decommission.StartedAt;
        DecommissionLog.Finished(_logger, executor.Id, took.TotalSeconds, decommission.OutputsMigrated, decommission.BlocksMigrated, decommission.BytesMigrated, decommission.OutputsFailed, lost);
        _options.Events?.Post(new Scheduler.Events.ExecutorDecommissionFinished(
            _options.Events.Now, executor.Id, decommission.OutputsMigrated, decommission.BlocksMigrated, decommission.BytesMigrated, lost, took, forced));
        UpdateSnapshot();
        EnsureTarget();
        FailQueuedIfNoExecutors();
    }

    /// <summary>The application's map outputs in the fallback storage go with the application.</summary>
    private void RemoveFallbackStorage()
    {
        if (_decommission is { HasFallbackStorage: true } d)
        {
            try
            {
                Directory.Delete(Path.Combine(d.FallbackStoragePath, _options.AppId), recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static async Task<bool> TrySendAsync(TrackedExecutor executor, Google.Protobuf.IMessage message)
    {
        if (executor.Endpoint is not { } endpoint)
        {
            return false;
        }

        try
        {
            await endpoint.SendAsync(message).ConfigureAwait(false);
            return true;
        }
        catch (NetworkException)
        {
            return false;
        }
    }

    private sealed record DecommissionRequested(string ExecutorId, string Reason, bool LowerTarget) : ClusterEvent;

    private sealed record MigrationAnswered(ShuffleOutputMigrated Answer) : ClusterEvent;
}
