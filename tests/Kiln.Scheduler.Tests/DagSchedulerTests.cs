using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Plan.Expressions;
using Kiln.Scheduler.Backends;

namespace Kiln.Scheduler.Tests;

/// <summary>The DAG scheduler over real local task threads: stages, shuffles, retries and failure reporting.</summary>
public sealed class DagSchedulerTests : IDisposable
{
    private static readonly Schema Schema = Schema.ParseDdl("k bigint");
    private readonly DiskBlockManager _disk = new(Path.Combine(Path.GetTempPath(), "kiln-scheduler-tests"), Guid.NewGuid().ToString("N"));
    private readonly MapOutputTracker _tracker = new();
    private readonly KilnConf _conf = new KilnConf().Set("kiln.task.maxFailures", "3");

    private LocalBackend Backend(Func<TaskDescription, TaskResult?>? intercept = null)
    {
        var env = new ExecutorEnvironment("driver", _conf, _disk, ShuffleInput.Local(_tracker, new LocalBlockFetcher(_disk)));
        return new LocalBackend(2, (task, token) => intercept?.Invoke(task) ?? TaskRunner.Run(task, env, token));
    }

    private static ExecNode Plan()
    {
        var batches = Enumerable.Range(0, 4).Select(b => new RecordBatch(Schema, [new PrimitiveVector<long>(DataType.Int64, Enumerable.Range(b * 100, 100).Select(i => (long)i).ToArray())], 100)).ToArray();
        var table = new LocalTableExec(Schema, batches, 4);
        return new ShuffleExchangeExec(new HashPartitioning([new BoundRef(0, DataType.Int64, false, "k")], 3), table);
    }

    private static long[] Values(IReadOnlyList<TaskResult> results) => results
        .SelectMany(r =>
        {
            using var s = new MemoryStream(r.Data!);
            var list = new List<long>();
            while (BatchSerializer.Read(s, Schema) is { } b)
            {
                list.AddRange(((PrimitiveVector<long>)b.Column(0)).Values.ToArray());
            }

            return list;
        })
        .Order()
        .ToArray();

    [Fact]
    public async Task A_shuffle_job_returns_every_row_once()
    {
        await using var backend = Backend();
        var scheduler = new DagScheduler(backend, _tracker, _conf);
        var results = await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);
        Assert.Equal(3, results.Count);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), Values(results));
    }

    [Fact]
    public async Task Transient_task_failures_are_retried()
    {
        var failed = new HashSet<(int, int)>();
        await using var backend = Backend(task =>
        {
            lock (failed)
            {
                if (task.Attempt == 0 && failed.Add((task.StageId, task.Partition)))
                {
                    return new TaskResult(task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "driver") { Error = new IOException("disk hiccup") };
                }
            }

            return null;
        });
        var scheduler = new DagScheduler(backend, _tracker, _conf);
        var results = await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);
        Assert.Equal(400, Values(results).Length);
        Assert.Equal(7, failed.Count);
    }

    [Fact]
    public async Task A_task_that_keeps_failing_fails_the_job_with_its_root_cause()
    {
        await using var backend = Backend(task => new TaskResult(task.TaskId, TaskOutcome.Failed, new TaskMetrics(), "exec-7") { Error = new IOException("disk full") });
        var scheduler = new DagScheduler(backend, _tracker, _conf);
        var e = await Assert.ThrowsAsync<ExecutionException>(() => scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None));
        Assert.IsType<IOException>(e.InnerException);
        Assert.Contains("failed 3 time(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("exec-7", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Attempt);
    }

    [Fact]
    public async Task A_lost_map_output_is_recomputed()
    {
        var lost = 0;
        await using var backend = Backend(task =>
        {
            if (task.StageId % 2 == 0 && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                foreach (var f in Directory.GetFiles(_disk.RootDirectory, "shuffle_*.data"))
                {
                    File.Delete(f);
                }
            }

            return null;
        });
        var scheduler = new DagScheduler(backend, _tracker, _conf);
        var results = await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);
        Assert.Equal(1, lost);
        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), Values(results));
    }

    /// <summary>Runs tasks for real, then lets <paramref name="rewrite"/> change the result (to place map outputs on made-up executors).</summary>
    private LocalBackend Rewriting(Func<TaskDescription, TaskResult, TaskResult> rewrite)
    {
        var env = new ExecutorEnvironment("driver", _conf, _disk, ShuffleInput.Local(_tracker, new LocalBlockFetcher(_disk)));
        return new LocalBackend(2, (task, token) => rewrite(task, TaskRunner.Run(task, env, token)));
    }

    [Fact]
    public async Task A_fetch_failure_reruns_only_the_lost_map_partitions_and_the_reduce_partitions_that_failed()
    {
        var runs = new Dictionary<(int Stage, int Partition), int>();
        var failed = 0;
        await using var backend = Rewriting((task, result) =>
        {
            lock (runs)
            {
                runs[(task.StageId, task.Partition)] = runs.GetValueOrDefault((task.StageId, task.Partition)) + 1;
            }

            if (result.MapStatus is { } status)
            {
                // Map outputs of odd partitions live on exec-1, the others on exec-0 (the local fetcher reads them all from disk).
                return result with { MapStatus = status with { Location = $"exec-{task.Partition % 2}" } };
            }

            if (task.Partition == 1 && Interlocked.Exchange(ref failed, 1) == 0)
            {
                return new TaskResult(task.TaskId, TaskOutcome.FetchFailed, new TaskMetrics(), "exec-0")
                {
                    Error = new FetchFailedException(1, 3, 1, "exec-1", "exec-1 is gone"),
                };
            }

            return result;
        });
        var scheduler = new DagScheduler(backend, _tracker, _conf);

        var results = await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), Values(results));
        var mapStage = runs.Keys.Min(k => k.Stage);
        var resultStage = runs.Keys.Max(k => k.Stage);
        Assert.Equal([1, 2, 1, 2], Enumerable.Range(0, 4).Select(p => runs[(mapStage, p)]));
        Assert.Equal([1, 2, 1], Enumerable.Range(0, 3).Select(p => runs[(resultStage, p)]));
    }

    [Fact]
    public async Task Map_outputs_of_an_executor_lost_while_the_stage_runs_are_computed_again()
    {
        var runs = new Dictionary<int, int>();
        await using var backend = Rewriting((task, result) =>
        {
            if (result.MapStatus is not { } status)
            {
                return result;
            }

            int run;
            lock (runs)
            {
                run = runs[task.Partition] = runs.GetValueOrDefault(task.Partition) + 1;
            }

            if (task.Partition == 0 && run == 1)
            {
                // Its executor is lost after the task finished but before the stage did: the output must not be used.
                _tracker.RemoveLocation("exec-lost");
                return result with { MapStatus = status with { Location = "exec-lost" } };
            }

            return result;
        });
        var scheduler = new DagScheduler(backend, _tracker, _conf);

        var results = await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 400).Select(i => (long)i), Values(results));
        Assert.Equal([2, 1, 1, 1], Enumerable.Range(0, 4).Select(p => runs[p]));
    }

    public void Dispose() => _disk.Dispose();
}
