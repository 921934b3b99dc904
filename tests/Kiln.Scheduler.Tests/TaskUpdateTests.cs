using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Plan.Expressions;
using Kiln.Scheduler.Backends;

namespace Kiln.Scheduler.Tests;

/// <summary>Accumulator updates reach the driver once per (stage, partition): not from failed attempts, not twice from re-runs.</summary>
public sealed class TaskUpdateTests : IDisposable
{
    private static readonly Schema Schema = Schema.ParseDdl("k bigint");
    private readonly DiskBlockManager _disk = new(Path.Combine(Path.GetTempPath(), "kiln-scheduler-tests"), Guid.NewGuid().ToString("N"));
    private readonly MapOutputTracker _tracker = new();
    private readonly KilnConf _conf = new KilnConf().Set("kiln.task.maxFailures", "3");

    private sealed class Counter(long id) : IMergeableAccumulator
    {
        private long _value;

        public long Id => id;

        public long Value => Interlocked.Read(ref _value);

        public void Merge(object? partial) => Interlocked.Add(ref _value, (long)partial!);
    }

    private sealed class Recording(ITaskUpdateSink inner) : ITaskUpdateSink
    {
        public int Duplicates;

        public void OnTaskSucceeded(TaskResult result, bool firstSuccessOfPartition)
        {
            if (!firstSuccessOfPartition)
            {
                Interlocked.Increment(ref Duplicates);
            }

            inner.OnTaskSucceeded(result, firstSuccessOfPartition);
        }
    }

    private static ExecNode Plan()
    {
        var batches = Enumerable.Range(0, 4).Select(b => new RecordBatch(Schema, [new PrimitiveVector<long>(DataType.Int64, Enumerable.Range(b * 100, 100).Select(i => (long)i).ToArray())], 100)).ToArray();
        return new ShuffleExchangeExec(new HashPartitioning([new BoundRef(0, DataType.Int64, false, "k")], 3), new LocalTableExec(Schema, batches, 4));
    }

    /// <summary>Every attempt reports +1 for the accumulator, as a task whose lambda added 1 would.</summary>
    private LocalBackend Backend(long accumulatorId, Func<TaskDescription, TaskResult, TaskResult> alter)
    {
        var env = new ExecutorEnvironment("exec-1", _conf, _disk, ShuffleInput.Local(_tracker, new LocalBlockFetcher(_disk)));
        var one = ClosureSerializer.SerializeValue(1L, "test");
        return new LocalBackend(2, (task, token) =>
        {
            var result = TaskRunner.Run(task, env, token) with { AccumulatorUpdates = [new AccumulatorUpdate(accumulatorId, one)] };
            return alter(task, result);
        });
    }

    [Fact]
    public async Task Updates_of_failed_attempts_are_dropped()
    {
        var driver = new UserCodeDriver();
        var counter = new Counter(AccumulatorRegistry.NextId());
        driver.Accumulators.Register(counter);
        await using var backend = Backend(counter.Id, (task, result) =>
            task.Attempt == 0 && task.Partition == 1
                ? result with { Outcome = TaskOutcome.Failed, Error = new IOException("lost disk") }
                : result);
        var scheduler = new DagScheduler(backend, _tracker, _conf) { TaskUpdates = driver };

        await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);

        Assert.Equal(4 + 3, counter.Value);
    }

    [Fact]
    public async Task A_stage_re_run_after_a_fetch_failure_does_not_count_twice()
    {
        var driver = new UserCodeDriver();
        var counter = new Counter(AccumulatorRegistry.NextId());
        driver.Accumulators.Register(counter);
        var lost = 0;
        await using var backend = Backend(counter.Id, (task, result) => result);
        await using var losing = new LocalBackend(2, (task, token) =>
        {
            if (task.StageId % 2 == 0 && Interlocked.CompareExchange(ref lost, 1, 0) == 0)
            {
                foreach (var f in Directory.GetFiles(_disk.RootDirectory, "shuffle_*.data"))
                {
                    File.Delete(f);
                }
            }

            return backend.RunAsync(task, token).GetAwaiter().GetResult();
        });
        var recording = new Recording(driver);
        var scheduler = new DagScheduler(losing, _tracker, _conf) { TaskUpdates = recording };

        await scheduler.RunJobAsync(Plan(), new CollectOutput(), null, CancellationToken.None);

        Assert.Equal(1, lost);
        Assert.True(recording.Duplicates > 0, "the survivors of the failed stage attempt ran again");
        Assert.Equal(4 + 3, counter.Value);
    }

    public void Dispose() => _disk.Dispose();
}
