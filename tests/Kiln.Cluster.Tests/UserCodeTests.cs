using Kiln.Cluster.Driver;
using Kiln.Cluster.Tests.TestSupport;
using Kiln.Common.Errors;
using Kiln.Execution.UserCode;
using static Kiln.Functions;

namespace Kiln.Cluster.Tests;

/// <summary>
/// User code on executor processes: lambdas load from the application's files, broadcasts are fetched from the
/// driver, accumulators come back with task results exactly once per partition, and cached partitions stay on the
/// executors that computed them: later jobs run there, unpersist removes them, and a lost executor's blocks are
/// recomputed.
/// </summary>
public sealed class UserCodeTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private KilnSession Session(string master = "local-cluster[3,1,512]") =>
        FaultSessions.Builder(master, _dir.File("local")).Config("kiln.batch.size", "100").GetOrCreate();

    /// <summary>Range(0, 1000) through a UDF that counts its calls.</summary>
    private static (DataFrame Df, LongAccumulator Calls) Counted(KilnSession session)
    {
        var calls = session.LongAccumulator("calls");
        var square = Udf((long x) =>
        {
            calls.Add(1);
            return x * x;
        });
        return (session.Range(0, 1000).Select(Col("id"), square(Col("id")).Alias("sq")), calls);
    }

    private static long SumOfSquares => Enumerable.Range(0, 1000).Sum(i => (long)i * i);

    private string[] BlockFiles(KilnSession session) =>
        Directory.GetFiles(Path.Combine(_dir.File("local"), session.AppId), "rdd_*.blk", SearchOption.AllDirectories);

    [Fact]
    public void Cached_partitions_stay_on_their_executors_and_later_jobs_read_them_there()
    {
        using var session = Session();
        var (df, calls) = Counted(session);
        df.Persist(StorageLevel.DiskOnly);

        Assert.Equal(1000, df.Count());
        Assert.Equal(1000, calls.Value);
        var files = BlockFiles(session);
        Assert.Equal(3, files.Length);
        Assert.Equal(3, files.Select(f => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(f)))).Distinct().Count());

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        }

        Assert.Equal(1000, calls.Value);
        Assert.Equal(3, BlockFiles(session).Length);
    }

    [Fact]
    public async Task Unpersist_removes_the_blocks_from_the_executors()
    {
        using var session = Session();
        var (df, calls) = Counted(session);
        df.Persist(StorageLevel.DiskOnly).Count();
        Assert.Equal(3, BlockFiles(session).Length);

        df.Unpersist();

        await ExecutorProcesses.WaitUntilAsync(() => BlockFiles(session).Length == 0, TimeSpan.FromSeconds(10), "executors dropping the blocks");
        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.Equal(2000, calls.Value);
    }

    [Fact]
    public void A_killed_executor_loses_its_blocks_and_only_those_are_recomputed()
    {
        using var session = Session();
        var (df, calls) = Counted(session);
        df.Cache().Count();
        Assert.Equal(1000, calls.Value);
        var lost = session.Engine.UserCode.Cache.Locations(session.Engine.Caches.IdOf(df.Plan)!.Value).Where(kv => kv.Value.Contains("0")).Select(kv => kv.Key).ToArray();
        Assert.Single(lost);

        ExecutorProcesses.Kill(ExecutorProcesses.Of(session.AppId)["0"]);
        var backend = FaultSessions.Backend(session);
        SpinWait.SpinUntil(() => backend.Executors.Any(e => e.Id == "0" && e.State == ExecutorState.Lost), TimeSpan.FromSeconds(20));

        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.InRange(calls.Value, 1001, 1999);
        var recomputed = calls.Value;
        Assert.Equal(SumOfSquares, (long)df.Agg(Sum(Col("sq"))).Collect()[0][0]!);
        Assert.Equal(recomputed, calls.Value);
    }

    [Fact]
    public void Broadcasts_are_fetched_from_the_driver_and_destroyed_ones_fail_the_job()
    {
        using var session = FaultSessions.Builder("local-cluster[2,1,512]", _dir.File("local")).Config("kiln.task.maxFailures", "1").GetOrCreate();
        var rates = session.Broadcast(new Dictionary<long, decimal> { [0] = 1.5m, [1] = 2.5m });
        var convert = Udf((long x) => x * rates.Value[x % 2]);

        var total = (decimal)session.Range(0, 100).Select(convert(Col("id")).Alias("v")).Agg(Sum(Col("v"))).Collect()[0][0]!;

        Assert.Equal(Enumerable.Range(0, 100).Sum(i => i * (i % 2 == 0 ? 1.5m : 2.5m)), total);
        rates.Destroy();
        var error = Assert.Throws<ExecutionException>(() => session.Range(0, 100).Select(convert(Col("id"))).Collect());
        var remote = Assert.IsType<Execution.Tasks.RemoteKilnException>(error.InnerException);
        Assert.Equal(typeof(BroadcastNotFoundException).FullName, remote.RemoteType);
    }

    [Fact]
    public void Accumulators_count_each_partition_once_when_an_executor_is_killed_mid_stage()
    {
        var pids = new Dictionary<string, int>();
        var killed = 0;
        var watcher = new StageWatcher
        {
            OnTasksEnded = (stage, ended) =>
            {
                if (ended == 4 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    ExecutorProcesses.Kill(pids["0"]);
                }
            },
        };
        using var session = FaultSessions.Builder("local-cluster[2,1,512]", _dir.File("local"))
            .Config("kiln.batch.size", "50")
            .Config("kiln.test.taskDelay", "150ms")
            .Config("kiln.sql.shuffle.partitions", "12")
            .GetOrCreate();
        foreach (var (id, pid) in ExecutorProcesses.Of(session.AppId))
        {
            pids[id] = pid;
        }

        session.Listener = watcher;
        var seen = session.LongAccumulator("seen");
        var mark = Udf((long x) =>
        {
            seen.Add(1);
            return x % 12;
        });

        var groups = session.Range(0, 1200).Select(mark(Col("id")).Alias("k")).GroupBy("k").Agg(Count().Alias("n")).Collect();

        Assert.Equal(1, killed);
        Assert.All(groups, g => Assert.Equal(100L, g["n"]));
        Assert.Equal(1200, seen.Value);
    }
}
