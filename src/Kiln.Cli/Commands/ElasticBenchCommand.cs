using System.Diagnostics;
using System.Globalization;
using Kiln.Cli.Examples;
using Kiln.Cluster.Decommission;
using Kiln.Cluster.Driver;
using Kiln.Common.Config;
using Kiln.Scheduler.Events;
using static Kiln.Functions;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench elastic --input SALES.csv [--executors 10] [--runs 1] [--conf k=v]...</c>: elasticity on local-cluster,
/// with graceful decommission on. Prints the time to scale from 1 to N executors (all registered) and back to 1 (the
/// others decommissioned), then a three-stage group-by over the sales file on 3 executors, three ways: undisturbed,
/// with one executor decommissioned when the second stage is submitted (its map outputs move), and with that executor
/// killed instead (its map outputs are recomputed); each with the scheduler's fetch failures and re-run map tasks.
/// </summary>
public static class ElasticBenchCommand
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(5);

    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--input", "--executors", "--runs");
        var input = cli.Option("--input") ?? throw new CliUsageException("bench elastic needs --input FILE (make one with 'kiln datagen sales')");
        var executors = TaskBenchCommand.IntOption(cli, "--executors", 10);
        var runs = TaskBenchCommand.IntOption(cli, "--runs", 1);
        var conf = cli.BuildConf()
            .Set(DecommissionConfigKeys.Enabled.Key, "true")
            .Set(ConfigKeys.ShowProgress.Key, "false");
        output.WriteLine($"local-cluster, {executors} executors at most, {Environment.ProcessorCount} cores, input {input}");
        for (var r = 1; r <= runs; r++)
        {
            ScaleAsync(conf, executors, r, output).GetAwaiter().GetResult();
            foreach (var mode in new[] { "undisturbed", "decommission", "kill" })
            {
                JobAsync(conf, input, mode, r, output).GetAwaiter().GetResult();
            }
        }

        return 0;
    }

    private static async Task ScaleAsync(KilnConf template, int executors, int run, TextWriter output)
    {
        var conf = template.Clone().Set(ConfigKeys.Master.Key, "local-cluster[1,1,256]");
        var session = await KilnSession.CreateAsync(conf).ConfigureAwait(false);
        await using var disposeSession = session.ConfigureAwait(false);
        var backend = (ClusterBackend)session.Engine.Backend;
        var clock = Stopwatch.StartNew();
        var up = Until(backend, e => Active(e) == executors);
        backend.RequestTotalExecutors(executors);
        await up.ConfigureAwait(false);
        var upTime = clock.Elapsed;
        clock.Restart();
        var down = Until(backend, e => Active(e) == 1 && !e.Any(x => x.State == ExecutorState.Decommissioning));
        foreach (var executor in backend.Executors.Where(e => e.State == ExecutorState.Active).Skip(1))
        {
            backend.DecommissionExecutor(executor.Id, "the benchmark scales down");
        }

        await down.ConfigureAwait(false);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"run {run}: scale 1->{executors} executors registered_ms={upTime.TotalMilliseconds:F0}; {executors}->1 decommissioned_ms={clock.Elapsed.TotalMilliseconds:F0}"));
    }

    private static async Task JobAsync(KilnConf template, string input, string mode, int run, TextWriter output)
    {
        var conf = template.Clone().Set(ConfigKeys.Master.Key, "local-cluster[3,1,512]");
        if (mode == "kill")
        {
            conf.Set(DecommissionConfigKeys.Enabled.Key, "false");
        }

        var session = await KilnSession.CreateAsync(conf).ConfigureAwait(false);
        await using var disposeSession = session.ConfigureAwait(false);
        var backend = (ClusterBackend)session.Engine.Backend;
        var removed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (mode != "undisturbed")
        {
            session.Listener = new SecondStage(() =>
            {
                // The executor holding the most map outputs of the first stage leaves while the second stage starts.
                var id = backend.Executors.Where(e => e.State == ExecutorState.Active)
                    .OrderByDescending(e => session.Engine.MapOutputs.OutputsOn(e.Id).Count).First().Id;
                backend.DecommissionExecutor(id, "the benchmark removes it mid-job");
                removed.TrySetResult(id);
            });
        }

        var sales = session.Read.Option("header", "true").Schema(SalesDataGenerator.Ddl).Csv(input);
        var clock = Stopwatch.StartNew();
        var rows = sales.GroupBy("customer_id")
            .Agg(Count().Alias("orders"), Sum(Col("quantity")).Alias("items"))
            .GroupBy("orders")
            .Agg(Count().Alias("customers"), Sum(Col("items")).Alias("items"))
            .Collect().Count;
        var elapsed = clock.Elapsed;
        var counters = session.Engine.Scheduler.Counters;
        var which = removed.Task.IsCompleted ? " removed_executor=" + removed.Task.Result : string.Empty;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"run {run}: job {mode,-12} elapsed_ms={elapsed.TotalMilliseconds:F0} rows={rows} fetch_failed_tasks={counters.FetchFailedTasks} recomputed_map_tasks={counters.RecomputedMapTasks}{which}"));
    }

    private static int Active(IReadOnlyList<ExecutorInfo> executors) => executors.Count(e => e.State == ExecutorState.Active);

    private static async Task Until(ClusterBackend backend, Func<IReadOnlyList<ExecutorInfo>, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(IReadOnlyList<ExecutorInfo> executors)
        {
            if (condition(executors))
            {
                done.TrySetResult();
            }
        }

        backend.ExecutorsChanged += OnChanged;
        try
        {
            OnChanged(backend.Executors);
            await done.Task.WaitAsync(Guard).ConfigureAwait(false);
        }
        finally
        {
            backend.ExecutorsChanged -= OnChanged;
        }
    }

    /// <summary>Calls back once, when the second distinct stage of the job is submitted.</summary>
    private sealed class SecondStage(Action onSubmitted) : IJobListener
    {
        private readonly HashSet<int> _stages = [];

        public void OnStageSubmitted(int stageId, string description, int taskCount)
        {
            lock (_stages)
            {
                if (!_stages.Add(stageId) || _stages.Count != 2)
                {
                    return;
                }
            }

            onSubmitted();
        }

        public void OnTaskEnded(int stageId, bool succeeded)
        {
        }

        public void OnStageCompleted(int stageId)
        {
        }
    }
}
