using Kiln.TpcH;
using Kiln.TpcH.Tests;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// The 22 TPC-H queries at SF 0.1 on two executor pods, against DuckDB's answers: every join and aggregation shuffles
/// between pods (no broadcast joins). The data reaches the pods as a read-only hostPath volume mounted at the same
/// path as on the driver, as client-mode users mount shared storage.
/// </summary>
[Collection(PodClusterCollection.Name)]
public sealed class TpchOnPodsTests(PodCluster cluster, TpchDataFixture data) : IClassFixture<TpchDataFixture>
{
    [Fact]
    public async Task The_22_queries_on_executor_pods_match_DuckDB()
    {
        var ns = await cluster.NewNamespaceAsync("tpch");
        var conf = cluster.Conf(ns)
            .Set("kiln.sql.autoBroadcastJoinThreshold", "-1")
            .Set("kiln.kubernetes.executor.volumes.hostPath.tpch.mount.path", data.DataDirectory)
            .Set("kiln.kubernetes.executor.volumes.hostPath.tpch.mount.readOnly", "true")
            .Set("kiln.kubernetes.executor.volumes.hostPath.tpch.options.path", data.DataDirectory);
        await using var session = await KilnSession.CreateAsync(conf);
        TpchTables.Register(session, data.DataDirectory);

        var differences = new List<string>();
        foreach (var number in TpchQueries.Numbers)
        {
            var query = TpchQueries.Name(number);
            var frame = session.Sql(TpchQueries.Get(number));
            if (TpchResultComparer.Difference(number, frame.Collect(), frame.Schema, data.Answer(query)) is { } difference)
            {
                differences.Add($"{query}: {difference}");
            }
        }

        Assert.True(differences.Count == 0, $"on executor pods, these differ from DuckDB:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
        Assert.Equal(2, (await cluster.PodsOfAsync(ns, session.AppId)).Count);
    }
}
