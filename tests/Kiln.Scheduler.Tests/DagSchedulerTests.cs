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
        var env = new ExecutorEnvironment("driver", _conf, _disk, new LocalShuffleInput(_tracker, new LocalBlockFetcher(_disk)));
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

    public void Dispose() => _disk.Dispose();
}
