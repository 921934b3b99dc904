using System.Diagnostics;
using System.Globalization;
using Kiln.Cluster.Managers;
using Kiln.Execution.UserCode;
using Kiln.Cluster.Logging;
using Kiln.Common.Config;
using Kiln.Common.Types;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Execution.Shuffle;
using Kiln.Execution.Spill;
using Kiln.Execution.Tasks;
using Kiln.Scheduler;
using Kiln.Scheduler.Backends;
using Microsoft.Extensions.Logging;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench tasks [--tasks 20000] [--runs 3] [--master local-cluster[2,1,512]]</c>: scheduling overhead. Runs jobs
/// of empty tasks (one stage, one task per partition of an empty table) through the DAG scheduler and the master's
/// backend, and prints the tasks per second of each run: every task is serialized, sent to an executor, decoded, run
/// and reported back, so this measures the driver's and the executors' per-task cost. Monitoring follows the
/// configuration as in a session (web UI, event log, metrics: <c>--conf kiln.ui.enabled=false</c> turns it off), so
/// bench/monitoring-overhead.sh compares the two.
/// </summary>
public static class TaskBenchCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--tasks", "--runs");
        var tasks = IntOption(cli, "--tasks", 20_000);
        var runs = IntOption(cli, "--runs", 3);
        var conf = cli.BuildConf();
        if (!conf.IsSet(ConfigKeys.Master))
        {
            conf.Set(ConfigKeys.Master.Key, "local-cluster[2,1,512]");
        }

        var master = conf.Get(ConfigKeys.Master);
        var appId = $"bench-tasks-{Environment.ProcessId}";
        using var disk = DiskBlockManager.FromConf(conf, appId);
        var tracker = new MapOutputTracker();
        var monitor = Kiln.Monitoring.ApplicationMonitor.StartAsync(conf, appId, CancellationToken.None).GetAwaiter().GetResult();
        var backend = StartBackend(master, conf, appId, disk, tracker, monitor);
        try
        {
            var scheduler = new DagScheduler(backend, tracker, conf) { Events = monitor?.Bus };
            var watched = monitor is null ? "monitoring off" : $"monitoring on (UI {monitor.Ui?.Url ?? "off"}, event log {(conf.Get(Kiln.Status.MonitoringConfigKeys.EventLogEnabled) ? "on" : "off")})";
            output.WriteLine($"master {conf.Get(ConfigKeys.Master)}, {backend.DefaultParallelism} task slots, {tasks} empty tasks per job, {Environment.ProcessorCount} cores, {watched}");
            RunJob(scheduler, Math.Min(tasks, 2_000));
            for (var r = 0; r < runs; r++)
            {
                var clock = Stopwatch.StartNew();
                RunJob(scheduler, tasks);
                var seconds = clock.Elapsed.TotalSeconds;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {r + 1}: tasks={tasks} elapsed_ms={clock.ElapsedMilliseconds} tasks_per_s={tasks / seconds:F0}"));
            }
        }
        finally
        {
            backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
            monitor?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return 0;
    }

    private static ISchedulerBackend StartBackend(string master, KilnConf conf, string appId, DiskBlockManager disk, MapOutputTracker tracker, Kiln.Monitoring.ApplicationMonitor? monitor)
    {
        ISchedulerBackend Local(int threads)
        {
            var environment = new ExecutorEnvironment("driver", conf, disk, ShuffleInput.Local(tracker, new LocalBlockFetcher(disk)));
            monitor?.Bus.Post(new Scheduler.Events.ExecutorAdded(monitor.Bus.Now, "driver", Environment.MachineName, threads, 0, "in process"));
            return new LocalBackend(threads, (task, token) =>
            {
                monitor?.Bus.Post(new Scheduler.Events.TaskLaunched(monitor.Bus.Now, task.TaskId, task.StageId, task.StageAttempt, "driver"));
                return TaskRunner.Run(task, environment, token);
            });
        }

        var context = new ClusterManagerContext(appId, conf, tracker, new UserCodeDriver(), [], Local, new ConsoleErrorLoggerFactory(LogLevel.Warning, "driver"))
        {
            Events = monitor?.Bus,
            ExecutorLogs = monitor?.ExecutorLogs,
        };
        return ClusterManagers.For(master).CreateBackendAsync(master, context, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static void RunJob(DagScheduler scheduler, int tasks)
    {
        var plan = new LocalTableExec(new Schema(new Field("id", DataType.Int64, false)), [], tasks);
        var results = scheduler.RunJobAsync(plan, new CollectOutput(), null, CancellationToken.None).GetAwaiter().GetResult();
        if (results.Count != tasks)
        {
            throw new InvalidOperationException($"the job returned {results.Count} results for {tasks} tasks");
        }
    }

    internal static int IntOption(CliArgs cli, string name, int fallback) =>
        cli.Option(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new CliUsageException($"{name} takes a positive whole number, not '{text}'");
}
