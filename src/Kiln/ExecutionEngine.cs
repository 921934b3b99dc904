using Kiln.Cluster.Driver;
using Kiln.Cluster.Logging;
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
using Microsoft.Extensions.Logging;

namespace Kiln;

/// <summary>
/// The driver side of a session: optimizer, physical planner, DAG scheduler, the map output tracker and the
/// cluster-manager backend (local task threads for <c>local[N]</c>, executor processes for <c>local-cluster[E,C,M]</c>),
/// plus this application's local directory (executors keep theirs inside it).
/// </summary>
internal sealed class ExecutionEngine : IAsyncDisposable
{
    private readonly ISchedulerBackend _backend;
    private readonly DiskBlockManager _disk;

    public ExecutionEngine(KilnConf conf)
    {
        Conf = conf;
        AppId = $"app-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var master = MasterUrl.Parse(conf.Get(ConfigKeys.Master));
        _disk = DiskBlockManager.FromConf(conf, AppId);
        MapOutputs = new MapOutputTracker();
        UserCode = new UserCodeDriver();
        LocalExecutor = new UserCodeEnvironment(UserCodeLoader.Default, new BroadcastCache(UserCode.Broadcasts), LocalBlockStore.WithDefaultCapacity(_disk));
        UserCode.AttachExecutor(LocalExecutor);
        try
        {
            _backend = master switch
            {
                LocalClusterMaster cluster => StartLocalCluster(cluster),
                _ => StartLocal(master.TaskSlots),
            };
        }
        catch
        {
            _disk.Dispose();
            throw;
        }

        Threads = _backend.DefaultParallelism;
        Scheduler = new DagScheduler(_backend, MapOutputs, conf) { TaskUpdates = UserCode, PreferredExecutors = CacheLocations, ShufflesEnded = RemoveShuffles };
        Optimizer = new LogicalOptimizer(ExpressionEvaluator.EvaluateConstant);
        Planner = new PhysicalPlanner(conf, Threads);
        Caches = new UserCode.CacheManager(this);
    }

    public KilnConf Conf { get; }

    /// <summary>Where tasks run: local task threads, or the executors of a cluster.</summary>
    public ISchedulerBackend Backend => _backend;

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

    /// <summary>Runs a write job; the caller's committer publishes what the tasks committed.</summary>
    public async Task WriteAsync(LogicalPlan plan, WriteFilesOutput output, CancellationToken cancellationToken) =>
        await RunAsync(plan, output, retryLostCache: false, cancellationToken).ConfigureAwait(false);

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

    /// <summary>Deletes the files of a finished job's shuffles: here (local mode) or on every executor.</summary>
    private void RemoveShuffles(IReadOnlyList<int> shuffleIds)
    {
        if (_backend is ClusterBackend cluster)
        {
            cluster.RemoveShuffles(shuffleIds);
            return;
        }

        foreach (var id in shuffleIds)
        {
            _disk.RemoveShuffle(id);
        }
    }

    private LocalBackend StartLocal(int threads)
    {
        var environment = new ExecutorEnvironment("driver", Conf, _disk, ShuffleInput.Local(MapOutputs, new LocalBlockFetcher(_disk))) { UserCode = LocalExecutor };
        return new LocalBackend(threads, (task, token) => TaskRunner.Run(task, environment, token));
    }

    /// <summary>Starts the executor processes of local-cluster[E,C,M] and waits until they have registered.</summary>
    private ClusterBackend StartLocalCluster(LocalClusterMaster master)
    {
        var options = new ClusterBackendOptions
        {
            AppId = AppId,
            Conf = Conf,
            Executors = master.Executors,
            CoresPerExecutor = master.CoresPerExecutor,
            MemoryMiB = master.MemoryMiB,
            UserCode = UserCode,
            ApplicationFiles = ApplicationPaths(),
            LoggerFactory = new ConsoleErrorLoggerFactory(LogLevel.Warning, "driver"),
        };
        var launcher = new LocalProcessLauncher(ExecutorCommandLine.Resolve(Conf), Conf.Get(ConfigKeys.LocalDir));
        return ClusterBackend.StartAsync(options, launcher, MapOutputs).GetAwaiter().GetResult();
    }

    /// <summary>The executors holding partition <paramref name="partition"/> of the cached plans a fragment reads.</summary>
    private IReadOnlyList<string> CacheLocations(ExecNode fragment, int partition)
    {
        List<string>? locations = null;
        var pending = new Stack<ExecNode>([fragment]);
        while (pending.TryPop(out var node))
        {
            if (node is CacheExec cache)
            {
                (locations ??= []).AddRange(UserCode.Cache.LocationsOf(cache.CacheId, partition));
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return locations ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// Where executors load the application's lambdas from: the directories of the application's assemblies loaded
    /// here (so that their dependencies, loaded later, are found too) and <c>kiln.app.files</c>.
    /// </summary>
    private string[] ApplicationPaths() => ApplicationFiles.LoadedAssemblies()
        .Select(f => Path.GetDirectoryName(f) ?? f)
        .Concat(Conf.Get(ConfigKeys.AppFiles).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync().ConfigureAwait(false);
        _disk.Dispose();
    }
}
