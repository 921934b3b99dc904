using k8s;
using Kiln.Cluster.Kubernetes.IntegrationTests;

namespace Kiln.Tests;

/// <summary>
/// The engine query tests' configurations (same names as in Kiln.Tests), each on executor pods of the test cluster:
/// two executors and one partition; three executors, several partitions and tiny batches; and a task memory so small
/// that sorts, aggregations and join build sides spill on the executors. Starting pods for each of the ~200 test
/// cases would spend most of the run on pod start-up, so each configuration's engine starts once, on first use, and
/// every test gets a new session on it (its own views and functions); the engines stop when the test run ends
/// (<see cref="PodTestFramework"/>), which deletes their pods.
/// </summary>
public static class EngineConfig
{
    private static readonly Lazy<PodEngines> Engines = new(PodEngines.Start);

    public static TheoryData<string> All => new() { "single", "partitioned", "spilling" };

    public static KilnSession Create(string name) => Engines.Value.Session(name);

    /// <summary>Stops the engines that were started, deleting their executor pods.</summary>
    public static void StopEngines()
    {
        if (Engines.IsValueCreated)
        {
            Engines.Value.Stop();
        }
    }

    private sealed class PodEngines
    {
        private readonly Dictionary<string, Lazy<KilnSession>> _engines;
        private readonly PodCluster _cluster;
        private readonly string _ns;

        private PodEngines(PodCluster cluster, string ns)
        {
            _cluster = cluster;
            _ns = ns;
            _engines = new Dictionary<string, Lazy<KilnSession>>(StringComparer.Ordinal)
            {
                ["single"] = Engine(() => cluster.Conf(ns, 2).Set("kiln.sql.shuffle.partitions", "1").Set("kiln.sql.autoBroadcastJoinThreshold", "-1")),
                ["partitioned"] = Engine(() => cluster.Conf(ns, 3).Set("kiln.sql.shuffle.partitions", "5").Set("kiln.batch.size", "37")),
                ["spilling"] = Engine(() => cluster.Conf(ns, 2).Set("kiln.sql.shuffle.partitions", "3").Set("kiln.batch.size", "64")
                    .Set("kiln.task.memory", "64k").Set("kiln.sql.autoBroadcastJoinThreshold", "-1")),
            };
        }

        public static PodEngines Start()
        {
            var cluster = new PodCluster();
            cluster.InitializeAsync().GetAwaiter().GetResult();
            return new PodEngines(cluster, cluster.NewNamespaceAsync("engine").GetAwaiter().GetResult());
        }

        public KilnSession Session(string name) => _engines.TryGetValue(name, out var engine)
            ? engine.Value.NewSession()
            : throw new ArgumentOutOfRangeException(nameof(name), name, "no such engine configuration");

        /// <remarks>The engines' pods live through the whole run: they ask for little CPU, so the other tests' pods still fit on the nodes.</remarks>
        private static Lazy<KilnSession> Engine(Func<Common.Config.KilnConf> conf) =>
            new(() => KilnSession.Create(conf()
                .Set(Common.Config.ConfigKeys.ShowProgress.Key, "false")
                .Set("spark.kubernetes.executor.request.cores", "100m")));

        /// <summary>
        /// Deletes the engines' namespace first (one request, so their pods go even when the test host ends before the
        /// engines have stopped gracefully), then stops the engines.
        /// </summary>
        public void Stop()
        {
            _cluster.Admin.CoreV1.DeleteNamespaceAsync(_ns).GetAwaiter().GetResult();
            foreach (var engine in _engines.Values.Where(e => e.IsValueCreated))
            {
                engine.Value.Dispose();
            }
        }
    }
}
