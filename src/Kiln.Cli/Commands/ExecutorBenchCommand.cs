using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Kiln.Cluster.Kubernetes;
using Kiln.Common.Config;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Watch;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench executors --master k8s://... --executors N [--runs R] [--conf k=v]...</c>: executor allocation on
/// Kubernetes. Each run starts a session that waits for all N executors, and watches the namespace's executor pods
/// from the outside meanwhile, as <c>kubectl get pods -w</c> would. Prints per run the time until all N executors had
/// registered, until the first and the last pod existed, and the pods created per second; beside them the time that
/// Spark's default allocation (batches of 10 pods, 1 s apart) spends between batches alone.
/// </summary>
public static class ExecutorBenchCommand
{
    private const int SparkBatchSize = 10;
    private static readonly TimeSpan SparkBatchDelay = TimeSpan.FromSeconds(1);

    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--executors", "--runs");
        var executors = TaskBenchCommand.IntOption(cli, "--executors", 2);
        var runs = TaskBenchCommand.IntOption(cli, "--runs", 1);
        var conf = cli.BuildConf();
        if (!conf.Get(ConfigKeys.Master).StartsWith("k8s://", StringComparison.Ordinal))
        {
            throw new CliUsageException("bench executors measures pod allocation: pass --master k8s://https://HOST:PORT");
        }

        conf.Set(KubernetesConfigKeys.ExecutorInstances.Key, executors.ToString(CultureInfo.InvariantCulture))
            .Set(ConfigKeys.MinRegisteredResourcesRatio.Key, "1.0")
            .Set(ConfigKeys.MaxRegisteredResourcesWaitingTime.Key, "10min")
            .Set(ConfigKeys.ShowProgress.Key, "false");
        var ns = conf.Get(KubernetesConfigKeys.Namespace);
        using var api = KubernetesClients.Create(KubernetesClients.LoadConfiguration(context: conf.Get(KubernetesConfigKeys.Context) is { Length: > 0 } c ? c : null));
        output.WriteLine($"master {conf.Get(ConfigKeys.Master)}, namespace {ns}, {executors} executors per run, {Environment.ProcessorCount} cores");
        for (var r = 0; r < runs; r++)
        {
            RunOnce(conf, api, ns, executors, r + 1, output).GetAwaiter().GetResult();
        }

        return 0;
    }

    private static async Task RunOnce(KilnConf conf, k8s.IKubernetes api, string ns, int executors, int run, TextWriter output)
    {
        using var stopWatching = new CancellationTokenSource();
        var watcher = new PodWatcher();
        var clock = Stopwatch.StartNew();
        var watching = watcher.WatchAsync(api, ns, clock, stopWatching.Token);
        await watcher.Listed.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        clock.Restart();
        var session = await KilnSession.CreateAsync(conf).ConfigureAwait(false);
        var registered = clock.Elapsed;
        await session.DisposeAsync().ConfigureAwait(false);
        var stopped = clock.Elapsed - registered;
        await stopWatching.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
        var created = watcher.Created.Values.Order().ToArray();
        var spread = created.Length > 1 ? created[^1] - created[0] : TimeSpan.Zero;
        var rate = spread > TimeSpan.Zero ? (created.Length - 1) / spread.TotalSeconds : double.PositiveInfinity;
        var sparkRounds = TimeSpan.FromTicks(SparkBatchDelay.Ticks * ((executors - 1) / SparkBatchSize));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"run {run}: executors={executors} registered_ms={registered.TotalMilliseconds:F0} first_pod_ms={Ms(created, 0)} last_pod_ms={Ms(created, ^1)} " +
            $"pods_per_s={(double.IsInfinity(rate) ? "all-at-once" : rate.ToString("F1", CultureInfo.InvariantCulture))} stop_ms={stopped.TotalMilliseconds:F0} " +
            $"spark_default_batch_waits_ms={sparkRounds.TotalMilliseconds:F0}"));
    }

    private static string Ms(TimeSpan[] times, Index i) => times.Length == 0 ? "none" : times[i].TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Records when each executor pod that did not exist at the start first appeared.</summary>
    private sealed class PodWatcher
    {
        private readonly HashSet<string> _before = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _listed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentDictionary<string, TimeSpan> Created { get; } = new(StringComparer.Ordinal);

        public Task Listed => _listed.Task;

        public async Task WatchAsync(k8s.IKubernetes api, string ns, Stopwatch clock, CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var e in KubernetesListWatch.PodsAsync(api, ns, new ListWatchOptions { LabelSelector = "kiln-role=executor" }, cancellationToken).ConfigureAwait(false))
                {
                    if (e.Type == ListWatchEventType.Relisted && !_listed.Task.IsCompleted)
                    {
                        foreach (var pod in e.Items ?? [])
                        {
                            _before.Add(pod.Metadata.Name);
                        }

                        _listed.TrySetResult();
                    }
                    else if (e.Type == ListWatchEventType.Added && e.Object?.Metadata?.Name is { } name && !_before.Contains(name))
                    {
                        Created.TryAdd(name, clock.Elapsed);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
