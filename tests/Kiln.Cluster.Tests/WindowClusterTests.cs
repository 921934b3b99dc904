using Kiln.Cluster.Tests.TestSupport;

namespace Kiln.Cluster.Tests;

/// <summary>
/// A window query on a cluster of executor processes: rows are hash-exchanged on the PARTITION BY key between executors,
/// sorted and windowed there (spilling under a small task budget), and the answer equals local mode's.
/// </summary>
public sealed class WindowClusterTests : IDisposable
{
    private const string Query =
        "SELECT id, grp, row_number() OVER (PARTITION BY grp ORDER BY amount DESC, id) AS rn, " +
        "sum(amount) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s3, " +
        "lag(id, 1, -1) OVER (PARTITION BY grp ORDER BY id) AS prev, count(*) OVER (PARTITION BY grp) AS n, " +
        "rank() OVER (ORDER BY grp) AS grp_rank FROM t";

    private readonly TempDir _dir = new();
    private readonly string _csv;

    public WindowClusterTests() => _csv = FaultSessions.WriteCsv(_dir.Path, 20_000);

    public void Dispose() => _dir.Dispose();

    private static KilnSession Session(string master) => KilnSession.Builder()
        .Master(master)
        .Config("kiln.files.maxPartitionBytes", "64k")
        .Config("kiln.sql.shuffle.partitions", "5")
        .Config("kiln.task.memory", "256k")
        .Config("kiln.ui.showConsoleProgress", "false")
        .GetOrCreate();

    private string[] Run(KilnSession session)
    {
        session.RegisterTempView("t", session.Read.Option("header", "true").Schema("id int, grp int, amount decimal(12,2)").Csv(_csv));
        return session.Sql(Query).Collect()
            .Select(r => string.Join("|", r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void A_window_query_across_executors_matches_local_mode()
    {
        using var local = Session("local[2]");
        var expected = Run(local);
        Assert.Equal(20_000, expected.Length);

        using var cluster = Session("local-cluster[2,1,512]");
        var actual = Run(cluster);
        Assert.True(cluster.LastJobMetrics.SpillCount > 0, "under a 256k task budget the executors should have spilled");
        Assert.Equal(expected, actual);

        // Each group's row numbers are 1..n, whichever executor computed them.
        var groups = actual.Select(r => r.Split('|')).GroupBy(f => f[1]);
        Assert.All(groups, g => Assert.Equal(Enumerable.Range(1, g.Count()).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), g.Select(f => f[2]).Order(StringComparer.Ordinal).OrderBy(s => s.Length)));
    }
}
