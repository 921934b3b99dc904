using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Common.Ipc;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Tasks;
using Kiln.Scheduler.Backends;
using Kiln.Scheduler.Events;
using Kiln.Scheduler.Stages;

namespace Kiln.Scheduler;

/// <summary>
/// Runs a job: cuts the physical plan into stages (<see cref="StageBuilder"/>), runs each stage once all the
/// stages it reads from have their map outputs available (independent parents run concurrently), retries
/// failed tasks up to <c>kiln.task.maxFailures</c> attempts, and on a fetch failure re-runs only the lost map
/// partitions of the parent stage before retrying. Range-partitioned stages are sampled first to compute bounds.
/// </summary>
/// <remarks>Thread-safe: several jobs may run at once (for example from several threads of one application).</remarks>
public sealed class DagScheduler
{
    private const int MaxStageAttempts = 4;

    private readonly ISchedulerBackend _backend;
    private readonly MapOutputTracker _mapOutputs;
    private readonly int _maxTaskFailures;
    private int _nextStageId;
    private int _nextShuffleId;
    private int _nextJobId;
    private long _nextTaskId;

    public DagScheduler(ISchedulerBackend backend, MapOutputTracker mapOutputs, KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        _backend = backend;
        _mapOutputs = mapOutputs;
        _maxTaskFailures = conf.Get(ConfigKeys.TaskMaxFailures);
    }

    public int DefaultParallelism => _backend.DefaultParallelism;

    /// <summary>Fetch failures and recomputed map tasks since the scheduler was made.</summary>
    public SchedulerCounters Counters { get; } = new();

    /// <summary>The executors holding a partition's input (cached blocks) of a stage's fragment, for locality; null: no preferences.</summary>
    public Func<ExecNode, int, IReadOnlyList<string>>? PreferredExecutors { get; init; }

    /// <summary>Receives accumulator updates and stored cache blocks of successful tasks (the driver's user-code state).</summary>
    public Execution.UserCode.ITaskUpdateSink? TaskUpdates { get; init; }

    /// <summary>
    /// Told the shuffles of a job once it has ended, successfully or not: no later job reads them (every job plans its
    /// own), so their files can go. The tracker has forgotten them already.
    /// </summary>
    public Action<IReadOnlyList<int>>? ShufflesEnded { get; init; }

    /// <summary>Where job, stage and task events go (status store, event log, metrics); null: nowhere.</summary>
    public ListenerBus? Events { get; init; }

    /// <summary>Runs the plan and returns each result partition's task result, in partition order.</summary>
    /// <param name="metrics">When given, receives the sum of every successful task's metrics (all stages).</param>
    /// <param name="tag">What the job is for (its description and query execution), for the events.</param>
    public async Task<IReadOnlyList<TaskResult>> RunJobAsync(ExecNode plan, TaskOutput output, IJobListener? listener, CancellationToken cancellationToken, TaskMetrics? metrics = null, JobTag? tag = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobId = Interlocked.Increment(ref _nextJobId);
        var builder = new StageBuilder(() => Interlocked.Increment(ref _nextStageId), () => Interlocked.Increment(ref _nextShuffleId));
        var resultStage = builder.Build(plan, tag?.PlanNodeIds);
        using var jobCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Events?.Post(JobEvents.Started(Events.Now, jobId, tag ?? JobTag.None, resultStage));
        try
        {
            var job = new JobRun(this, jobId, listener, metrics, jobCancel.Token);
            var results = await job.RunResultStageAsync(resultStage, output).ConfigureAwait(false);
            Events?.Post(new JobEnded(Events.Now, jobId, true, null));
            return results;
        }
        catch (Exception e)
        {
            Events?.Post(new JobEnded(Events.Now, jobId, false, e.Message));
            await jobCancel.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            EndShuffles(resultStage);
        }
    }

    private void EndShuffles(Stage resultStage)
    {
        var shuffles = new List<int>();
        var pending = new Stack<Stage>([resultStage]);
        while (pending.TryPop(out var stage))
        {
            foreach (var parent in stage.Parents)
            {
                if (!shuffles.Contains(parent.ShuffleId))
                {
                    shuffles.Add(parent.ShuffleId);
                    pending.Push(parent);
                }
            }
        }

        if (shuffles.Count == 0)
        {
            return;
        }

        foreach (var id in shuffles)
        {
            _mapOutputs.UnregisterShuffle(id);
        }

        ShufflesEnded?.Invoke(shuffles);
    }

    /// <summary>The state of one running job.</summary>
    private sealed class JobRun
    {
        private readonly DagScheduler _scheduler;
        private readonly int _jobId;
        private readonly IJobListener? _listener;
        private readonly TaskMetrics? _metrics;
        private readonly CancellationToken _token;
        private readonly Dictionary<int, Task> _mapStagesInFlight = [];
        private readonly HashSet<(int Stage, int Partition)> _succeeded = [];
        private readonly HashSet<(int Shuffle, int Map)> _mapsRun = [];
        private readonly HashSet<int> _reading = [];

        public JobRun(DagScheduler scheduler, int jobId, IJobListener? listener, TaskMetrics? metrics, CancellationToken token)
        {
            _scheduler = scheduler;
            _jobId = jobId;
            _listener = listener;
            _metrics = metrics;
            _token = token;
        }

        public async Task<IReadOnlyList<TaskResult>> RunResultStageAsync(ResultStage stage, TaskOutput output)
        {
            DeclareReaders(stage);
            await EnsureParentsAsync(stage).ConfigureAwait(false);
            var partitions = Enumerable.Range(0, stage.PartitionCount).ToArray();
            var results = await RunTasksAsync(stage, partitions, output).ConfigureAwait(false);
            DoneReading(stage);
            return results;
        }

        /// <summary>Every stage of the job is yet to read its parents' shuffles (see <see cref="MapOutputTracker.IsNeeded"/>).</summary>
        private void DeclareReaders(Stage stage)
        {
            var pending = new Stack<Stage>([stage]);
            var seen = new HashSet<int>();
            while (pending.TryPop(out var next))
            {
                if (!seen.Add(next.Id))
                {
                    continue;
                }

                Reading(next);
                foreach (var parent in next.Parents)
                {
                    pending.Push(parent);
                }
            }
        }

        /// <summary>The stage reads its parents' shuffles (again): they are needed until it finishes.</summary>
        private void Reading(Stage stage)
        {
            lock (_reading)
            {
                if (!_reading.Add(stage.Id))
                {
                    return;
                }
            }

            foreach (var parent in stage.Parents)
            {
                _scheduler._mapOutputs.AddReader(parent.ShuffleId);
            }
        }

        private void DoneReading(Stage stage)
        {
            lock (_reading)
            {
                if (!_reading.Remove(stage.Id))
                {
                    return;
                }
            }

            foreach (var parent in stage.Parents)
            {
                _scheduler._mapOutputs.RemoveReader(parent.ShuffleId);
            }
        }

        /// <summary>Counts the map partitions about to run that had run before (recomputation), then remembers them.</summary>
        private void CountRecomputed(ShuffleMapStage stage, IReadOnlyList<int> partitions)
        {
            var again = 0;
            lock (_mapsRun)
            {
                foreach (var m in partitions)
                {
                    if (!_mapsRun.Add((stage.ShuffleId, m)))
                    {
                        again++;
                    }
                }
            }

            if (again > 0)
            {
                _scheduler.Counters.AddRecomputedMapTasks(again);
            }
        }

        private async Task EnsureParentsAsync(Stage stage)
        {
            var pending = stage.Parents.Select(EnsureMapStageAsync).ToArray();
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        private Task EnsureMapStageAsync(ShuffleMapStage stage)
        {
            lock (_mapStagesInFlight)
            {
                if (!_mapStagesInFlight.TryGetValue(stage.Id, out var task) || task.IsCompleted)
                {
                    task = RunMapStageAsync(stage);
                    _mapStagesInFlight[stage.Id] = task;
                }

                return task;
            }
        }

        private async Task RunMapStageAsync(ShuffleMapStage stage)
        {
            await EnsureParentsAsync(stage).ConfigureAwait(false);
            if (!_scheduler._mapOutputs.ContainsShuffle(stage.ShuffleId))
            {
                _scheduler._mapOutputs.RegisterShuffle(stage.ShuffleId, stage.PartitionCount);
            }

            // Outputs of an executor lost while the stage ran are refused by the tracker: run those partitions again.
            for (var round = 1; ; round++)
            {
                var missing = _scheduler._mapOutputs.MissingMapIndices(stage.ShuffleId);
                if (missing.Count == 0)
                {
                    DoneReading(stage);
                    return;
                }

                Reading(stage);

                if (round > MaxStageAttempts)
                {
                    throw new ExecutionException(
                        $"stage {stage.Id} lost map outputs {MaxStageAttempts} times in a row because executors were lost while it ran", stage.Id, -1, stage.Attempt, null);
                }

                if (stage.Partitioning is RangePartitioning { Bounds: null } range)
                {
                    stage.Partitioning = range with { Bounds = await SampleBoundsAsync(stage, range).ConfigureAwait(false) };
                }

                CountRecomputed(stage, missing);
                var results = await RunTasksAsync(stage, missing.ToArray(), new ShuffleOutput(stage.ShuffleId, stage.Partitioning)).ConfigureAwait(false);
                foreach (var r in results)
                {
                    _scheduler._mapOutputs.RegisterMapOutput(r.MapStatus!);
                }
            }
        }

        private async Task<RecordBatch?> SampleBoundsAsync(ShuffleMapStage stage, RangePartitioning range)
        {
            if (range.Count <= 1)
            {
                return null;
            }

            var perTask = Math.Max(100, (int)Math.Ceiling(60.0 * range.Count / Math.Max(1, stage.PartitionCount)));
            var results = await RunTasksAsync(stage, Enumerable.Range(0, stage.PartitionCount).ToArray(), new SampleOutput(range.Order, perTask)).ConfigureAwait(false);
            var keySchema = RangeBounds.KeySchema(range.Order);
            var samples = new List<RecordBatch>();
            foreach (var r in results)
            {
                using var stream = new MemoryStream(r.Data!);
                while (BatchSerializer.Read(stream, keySchema) is { } batch)
                {
                    samples.Add(batch);
                }
            }

            return RangeBounds.Compute(samples, keySchema, range.Order, range.Count);
        }

        private async Task<IReadOnlyList<TaskResult>> RunTasksAsync(Stage stage, int[] partitions, TaskOutput output)
        {
            var results = new TaskResult[partitions.Length];
            var pending = Enumerable.Range(0, partitions.Length).ToArray();
            for (var stageAttempt = 0; ; stageAttempt++)
            {
                stage.Attempt++;
                var payload = TaskPayload.Serialize(stage.Fragment, output);
                _listener?.OnStageSubmitted(stage.Id, stage.Fragment.Describe(), pending.Length);
                var events = _scheduler.Events;
                events?.Post(JobEvents.Submitted(events.Now, stage, _jobId, pending.Length));
                var tasks = pending.Select(i => RunWithRetriesAsync(stage, partitions[i], payload)).ToArray();
                TaskResult[] round;
                try
                {
                    round = await Task.WhenAll(tasks).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    events?.Post(new StageCompleted(events.Now, stage.Id, stage.Attempt, e.Message));
                    throw;
                }

                var fetchFailures = new List<TaskResult>();
                var failedIndices = new List<int>();
                for (var k = 0; k < round.Length; k++)
                {
                    results[pending[k]] = round[k];
                    if (round[k].Outcome == TaskOutcome.FetchFailed)
                    {
                        fetchFailures.Add(round[k]);
                        failedIndices.Add(pending[k]);
                    }
                }

                if (fetchFailures.Count == 0)
                {
                    _listener?.OnStageCompleted(stage.Id);
                    events?.Post(new StageCompleted(events.Now, stage.Id, stage.Attempt, null));
                    return results;
                }

                _scheduler.Counters.AddFetchFailures(fetchFailures.Count);
                events?.Post(new StageCompleted(events.Now, stage.Id, stage.Attempt, $"{fetchFailures.Count} task(s) could not fetch shuffle output: {fetchFailures[0].Error?.Message}"));

                if (stageAttempt + 1 >= MaxStageAttempts)
                {
                    var first = fetchFailures[0];
                    throw new ExecutionException(
                        $"stage {stage.Id} failed {MaxStageAttempts} times because shuffle output was lost: {first.Error?.Message}",
                        stage.Id, -1, stage.Attempt, first.Error);
                }

                // As Spark does without an external shuffle service: a failed fetch means the executor that wrote the
                // block lost its shuffle files, so every map output it holds is treated as lost, not just this one.
                foreach (var f in fetchFailures)
                {
                    if (f.Error is FetchFailedException ff)
                    {
                        _scheduler._mapOutputs.UnregisterMapOutput(ff.ShuffleId, ff.MapIndex, ff.Location ?? string.Empty);
                        if (ff.Location is { } location)
                        {
                            _scheduler._mapOutputs.UnregisterOutputsOnLocation(location);
                        }
                    }
                }

                // Recompute only the lost map outputs, then resume: only the partitions whose fetch failed run again.
                await EnsureParentsAsync(stage).ConfigureAwait(false);
                pending = [.. failedIndices];
            }
        }

        private async Task<TaskResult> RunWithRetriesAsync(Stage stage, int partition, byte[] payload)
        {
            for (var attempt = 0; ; attempt++)
            {
                _token.ThrowIfCancellationRequested();
                var task = new TaskDescription(Interlocked.Increment(ref _scheduler._nextTaskId), _jobId, stage.Id, stage.Attempt, partition, attempt, payload)
                {
                    PreferredExecutors = _scheduler.PreferredExecutors?.Invoke(stage.Fragment, partition) ?? [],
                };
                var events = _scheduler.Events;
                events?.Post(new TaskStarted(events.Now, task.TaskId, task.StageId, task.StageAttempt, partition, attempt));
                TaskResult result;
                try
                {
                    result = await _scheduler._backend.RunAsync(task, _token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // Cancelled while queued (its job was cancelled or failed) or the backend stopped: it ends here, killed.
                    events?.Post(new TaskEnded(events.Now, task.TaskId, task.StageId, task.StageAttempt, partition, attempt, string.Empty, "KILLED", $"{e.GetType().Name}: {e.Message}", new TaskMetrics()));
                    throw;
                }

                _listener?.OnTaskEnded(stage.Id, result.Outcome == TaskOutcome.Succeeded);
                events?.Post(JobEvents.Ended(events.Now, task, result, stage));
                if (result.Outcome == TaskOutcome.Succeeded && _metrics is not null)
                {
                    lock (_metrics)
                    {
                        _metrics.Add(result.Metrics);
                    }
                }

                if (result.Outcome == TaskOutcome.Succeeded && _scheduler.TaskUpdates is { } updates)
                {
                    // Accumulators count once per (stage, partition): a stage re-run after a fetch failure succeeds twice.
                    bool first;
                    lock (_succeeded)
                    {
                        first = _succeeded.Add((stage.Id, partition));
                    }

                    updates.OnTaskSucceeded(result, first);
                }

                if (result.Outcome is TaskOutcome.Succeeded or TaskOutcome.FetchFailed)
                {
                    return result;
                }

                // Kiln's own errors (bad input, bad configuration) fail the same way on every attempt: report them at once.
                if (result.Error is KilnException and not ExecutionException || attempt + 1 >= _scheduler._maxTaskFailures)
                {
                    throw Fail(task, result);
                }
            }
        }

        private static ExecutionException Fail(TaskDescription task, TaskResult result)
        {
            var cause = result.Error;
            var message = cause switch
            {
                KilnException => cause.Message,
                RemoteTaskException remote =>
                    $"{task.Name} failed {task.Attempt + 1} time(s); last failure on executor {remote.ExecutorId} (host {remote.Host}): {remote.RemoteType}: {remote.Message}",
                _ => $"{task.Name} failed {task.Attempt + 1} time(s); last failure on executor {result.ExecutorId}: {cause?.GetType().Name}: {cause?.Message}",
            };
            return new ExecutionException(message, task.StageId, task.Partition, task.Attempt, cause);
        }
    }
}
