using Kiln.Common.Batches;
using Kiln.Common.Config;
using Kiln.Common.Ipc;
using Kiln.Execution.Expressions;
using Kiln.Execution.Physical;
using Kiln.Execution.Planning;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Execution.UserCode;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;
using Kiln.Scheduler;
using Kiln.Scheduler.Backends;
using Kiln.Scheduler.Events;

namespace Kiln;

/// <summary>
/// The driver side of a session: optimizer, physical planner, DAG scheduler, the map output tracker and the
/// cluster-manager backend (local task threads for <c>local[N]</c>), plus this application's local directory.
/// </summary>
internal sealed class ExecutionEngine : IAsyncDisposable
{
    private readonly LocalBackend _backend;
    private readonly DiskBlockManager _disk;

    public ExecutionEngine(KilnConf conf)
    {
        Conf = conf;
        AppId = $"app-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        Threads = MasterUrl.Threads(conf.Get(ConfigKeys.Master));
        _disk = DiskBlockManager.FromConf(conf, AppId);
        MapOutputs = new MapOutputTracker();
        UserCode = new UserCodeDriver();
        LocalExecutor = new UserCodeEnvironment(UserCodeLoader.Default, new BroadcastCache(UserCode.Broadcasts), LocalBlockStore.WithDefaultCapacity(_disk));
        UserCode.AttachExecutor(LocalExecutor);
        var environment = new ExecutorEnvironment("driver", conf, _disk, new LocalShuffleInput(MapOutputs, new LocalBlockFetcher(_disk))) { UserCode = LocalExecutor };
        _backend = new LocalBackend(Threads, (task, token) => TaskRunner.Run(task, environment, token));
        Scheduler = new DagScheduler(_backend, MapOutputs, conf) { TaskUpdates = UserCode };
        Optimizer = new LogicalOptimizer(ExpressionEvaluator.EvaluateConstant);
        Planner = new PhysicalPlanner(conf, Threads);
        Caches = new UserCode.CacheManager(this);
    }

    public KilnConf Conf { get; }

    public string AppId { get; }

    public int Threads { get; }

    public MapOutputTracker MapOutputs { get; }

    /// <summary>Accumulators, broadcast values and cache block locations of this application.</summary>
    public UserCodeDriver UserCode { get; }

    /// <summary>The user-code services of the in-process executor (local mode): loader, broadcast copies, cache blocks.</summary>
    public UserCodeEnvironment LocalExecutor { get; }

    /// <summary>The cached plans, substituted by cache reads when a query is prepared.</summary>
    public UserCode.CacheManager Caches { get; }

    public DagScheduler Scheduler { get; }

    public LogicalOptimizer Optimizer { get; }

    public PhysicalPlanner Planner { get; }

    public IJobListener? Listener { get; set; }

    /// <summary>The summed task metrics of the most recent job (rows, shuffle bytes, spills, peak task memory).</summary>
    public TaskMetrics LastJobMetrics { get; private set; } = new();

    public (LogicalPlan Optimized, ExecNode Physical) Prepare(LogicalPlan plan)
    {
        var optimized = Optimizer.Optimize(Caches.Substitute(plan));
        return (optimized, Planner.Plan(optimized));
    }

    /// <summary>Runs the plan and returns its rows as batches, in partition order.</summary>
    public async Task<IReadOnlyList<RecordBatch>> CollectAsync(LogicalPlan plan, CancellationToken cancellationToken)
    {
        var (physical, results) = await RunAsync(plan, new CollectOutput(), retryLostCache: true, cancellationToken).ConfigureAwait(false);
        var batches = new List<RecordBatch>();
        foreach (var r in results)
        {
            using var stream = new MemoryStream(r.Data!);
            while (BatchSerializer.Read(stream, physical.Schema) is { } batch)
            {
                batches.Add(batch);
            }
        }

        return batches;
    }

    public async Task<IReadOnlyList<string>> WriteAsync(LogicalPlan plan, WriteFilesOutput output, CancellationToken cancellationToken)
    {
        var (_, results) = await RunAsync(plan, output, retryLostCache: false, cancellationToken).ConfigureAwait(false);
        return results.SelectMany(r => r.CommittedFiles).ToArray();
    }

    /// <summary>
    /// Plans and runs a job. When a task finds a cached block gone that it cannot recompute alone (its lineage has a
    /// shuffle), the block is forgotten and the job is planned again, recomputing it (writes are not re-run: their
    /// output protocol is per job; the next job recomputes).
    /// </summary>
    private async Task<(ExecNode Physical, IReadOnlyList<TaskResult> Results)> RunAsync(LogicalPlan plan, TaskOutput output, bool retryLostCache, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (_, physical) = Prepare(plan);
            var metrics = new TaskMetrics();
            try
            {
                var results = await Scheduler.RunJobAsync(physical, output, Listener, cancellationToken, metrics).ConfigureAwait(false);
                LastJobMetrics = metrics;
                return (physical, results);
            }
            catch (Common.Errors.ExecutionException e) when (e.InnerException is CacheBlockLostException lost)
            {
                UserCode.Cache.RemoveBlock(lost.CacheId, lost.Partition, lost.ExecutorId);
                if (!retryLostCache || attempt >= 3)
                {
                    throw;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync().ConfigureAwait(false);
        _disk.Dispose();
    }
}
