using Kiln.Cluster.Logging;
using Kiln.Cluster.Managers;
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
using Kiln.Scheduler.Stages;
using Microsoft.Extensions.Logging;

namespace Kiln;

/// <summary>
/// The driver side of a session: optimizer, physical planner, DAG scheduler, the map output tracker and the
/// cluster-manager backend (local task threads for <c>local[N]</c>, executor processes for <c>local-cluster[E,C,M]</c>,
/// executor pods for <c>k8s://</c>; see <see cref="ClusterManagers"/>), plus this application's local directory.
/// </summary>
internal sealed class ExecutionEngine : IAsyncDisposable
{
    private readonly ISchedulerBackend _backend;
    private readonly DiskBlockManager _disk;
    private readonly ILogger _log = new ConsoleErrorLoggerFactory(LogLevel.Warning, "driver").CreateLogger("Kiln.Engine");
    private long _nextSqlExecutionId;

    private ExecutionEngine(KilnConf conf, string appId, DiskBlockManager disk, MapOutputTracker mapOutputs, UserCodeDriver userCode, UserCodeEnvironment localExecutor, ISchedulerBackend backend, Monitoring.ApplicationMonitor? monitor)
    {
        Monitor = monitor;
        Conf = conf;
        AppId = appId;
        _disk = disk;
        MapOutputs = mapOutputs;
        UserCode = userCode;
        LocalExecutor = localExecutor;
        _backend = backend;
        Threads = _backend.DefaultParallelism;
        Scheduler = new DagScheduler(_backend, MapOutputs, conf) { TaskUpdates = UserCode, PreferredExecutors = CacheLocations, ShufflesEnded = _backend.RemoveShuffles, Events = monitor?.Bus };
        Optimizer = new LogicalOptimizer(ExpressionEvaluator.EvaluateConstant);
        Planner = new PhysicalPlanner(conf, Threads);
        Caches = new UserCode.CacheManager(this);
    }

    /// <summary>
    /// Starts the driver: the master's cluster manager creates the backend, which for a cluster returns once enough
    /// executors have registered (pods may take minutes: the start can be cancelled).
    /// </summary>
    /// <exception cref="Common.Errors.ConfigException">No cluster manager runs the master, or a setting is invalid.</exception>
    public static async Task<ExecutionEngine> StartAsync(KilnConf conf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var appId = conf.Get(ConfigKeys.AppId) is { Length: > 0 } given ? given : $"app-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        var master = conf.Get(ConfigKeys.Master);
        var manager = ClusterManagers.For(master);
        var disk = DiskBlockManager.FromConf(conf, appId);
        Monitoring.ApplicationMonitor? monitor = null;
        try
        {
            monitor = await Monitoring.ApplicationMonitor.StartAsync(conf, appId, cancellationToken).ConfigureAwait(false);
            if (monitor?.Ui is { } ui)
            {
                // Spark prints where its UI is; so does Kiln, once, on standard error (standard output is the job's).
                await Console.Error.WriteLineAsync($"kiln: web UI at {ui.Url}").ConfigureAwait(false);
            }

            var mapOutputs = new MapOutputTracker();
            var userCode = new UserCodeDriver();
            var localExecutor = new UserCodeEnvironment(UserCodeLoader.Default, new BroadcastCache(userCode.Broadcasts), LocalBlockStore.WithDefaultCapacity(disk));
            userCode.AttachExecutor(localExecutor);
            ISchedulerBackend LocalBackend(int threads)
            {
                var environment = new ExecutorEnvironment("driver", conf, disk, ShuffleInput.Local(mapOutputs, new LocalBlockFetcher(disk))) { UserCode = localExecutor };
                monitor?.Bus.Post(new ExecutorAdded(monitor.Bus.Now, "driver", Environment.MachineName, threads, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "in process"));
                return new LocalBackend(threads, (task, token) =>
                {
                    monitor?.Bus.Post(new TaskLaunched(monitor.Bus.Now, task.TaskId, task.StageId, task.StageAttempt, "driver"));
                    return TaskRunner.Run(task, environment, token);
                }, ids =>
                {
                    foreach (var id in ids)
                    {
                        disk.RemoveShuffle(id);
                    }
                });
            }

            var context = new ClusterManagerContext(appId, conf, mapOutputs, userCode, ApplicationPaths(conf), LocalBackend, new ConsoleErrorLoggerFactory(LogLevel.Warning, "driver"))
            {
                Events = monitor?.Bus,
                ExecutorLogs = monitor?.ExecutorLogs,
            };
            var backend = await manager.CreateBackendAsync(master, context, cancellationToken).ConfigureAwait(false);
            return new ExecutionEngine(conf, appId, disk, mapOutputs, userCode, localExecutor, backend, monitor);
        }
        catch
        {
            if (monitor is not null)
            {
                await monitor.DisposeAsync().ConfigureAwait(false);
            }

            disk.Dispose();
            throw;
        }
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

    /// <summary>The application's status store, event log, metrics and web UI; null when the UI and event log are off.</summary>
    public Monitoring.ApplicationMonitor? Monitor { get; }

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
        var (physical, results) = await RunAsync(plan, new CollectOutput(), retryLostCache: true, "collect", cancellationToken).ConfigureAwait(false);
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
        await RunAsync(plan, output, retryLostCache: false, "write", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Plans and runs a job. When a task finds a cached block gone that it cannot recompute alone (its lineage has a
    /// shuffle), the block is forgotten and the job is planned again, recomputing it (writes are not re-run: their
    /// output protocol is per job; the next job recomputes).
    /// </summary>
    private async Task<(ExecNode Physical, IReadOnlyList<TaskResult> Results)> RunAsync(LogicalPlan plan, TaskOutput output, bool retryLostCache, string action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (optimized, physical) = Prepare(plan);
            var metrics = new TaskMetrics();
            var tag = StartSqlExecution(plan, optimized, physical, action);
            try
            {
                var results = await Scheduler.RunJobAsync(physical, output, Listener, cancellationToken, metrics, tag).ConfigureAwait(false);
                EndSqlExecution(tag, null);
                LastJobMetrics = metrics;
                if (metrics.CorruptFilesSkipped > 0)
                {
                    EngineLog.CorruptFilesSkipped(_log, metrics.CorruptFilesSkipped);
                }

                return (physical, results);
            }
            catch (Exception e)
            {
                EndSqlExecution(tag, e.Message);
                if (e is not Common.Errors.ExecutionException { InnerException: CacheBlockLostException lost })
                {
                    throw;
                }

                UserCode.Cache.RemoveBlock(lost.CacheId, lost.Partition, lost.ExecutorId);
                if (!retryLostCache || attempt >= 3)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Texts of SQL queries by their plan, so a query execution is described by its SQL (see <see cref="KilnSession.Sql"/>).</summary>
    public System.Runtime.CompilerServices.ConditionalWeakTable<LogicalPlan, string> SqlTexts { get; } = [];

    private JobTag? StartSqlExecution(LogicalPlan plan, LogicalPlan optimized, ExecNode physical, string action)
    {
        if (Monitor is not { } monitor)
        {
            return null;
        }

        var id = Interlocked.Increment(ref _nextSqlExecutionId) - 1;
        var description = SqlTexts.TryGetValue(plan, out var sql) ? sql : $"{action}: {plan.Describe()}";
        monitor.Bus.Post(new SqlExecutionStarted(monitor.Bus.Now, id, description, physical.TreeString(), optimized.TreeString(), PlanNodes.Describe(physical)));
        return new JobTag(description, id) { PlanNodeIds = PlanNodes.Ids(physical) };
    }

    private void EndSqlExecution(JobTag? tag, string? error)
    {
        if (tag is not null && Monitor is { } monitor)
        {
            monitor.Bus.Post(new SqlExecutionEnded(monitor.Bus.Now, tag.SqlExecutionId, error));
        }
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
    private static string[] ApplicationPaths(KilnConf conf) => ApplicationFiles.LoadedAssemblies()
        .Select(f => Path.GetDirectoryName(f) ?? f)
        .Concat(conf.Get(ConfigKeys.AppFiles).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    public async ValueTask DisposeAsync()
    {
        await _backend.DisposeAsync().ConfigureAwait(false);
        if (Monitor is not null)
        {
            await Monitor.DisposeAsync().ConfigureAwait(false);
        }

        _disk.Dispose();
    }
}
