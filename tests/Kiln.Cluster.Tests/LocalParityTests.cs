using Kiln.Cluster.Tests.TestSupport;

namespace Kiln.Cluster.Tests;

/// <summary>
/// The same SQL on local[2] and on a cluster of three executor processes gives exactly the same rows, in the same
/// order where the query orders them; writes produce the same files' contents.
/// </summary>
public sealed class LocalParityTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _csv;

    public LocalParityTests() => _csv = FaultSessions.WriteCsv(_dir.Path, 20_000);

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, bool> Queries => new()
    {
        { "SELECT grp, count(*) AS n, sum(amount) AS total, min(id), max(id) FROM t GROUP BY grp", false },
        { "SELECT grp, avg(amount) AS a FROM t WHERE id % 3 = 0 GROUP BY grp HAVING count(*) > 10 ORDER BY a DESC, grp", true },
        { "SELECT id, amount FROM t ORDER BY amount DESC, id LIMIT 50", true },
        { "SELECT count(DISTINCT amount), count(*) FROM t", true },
        { "SELECT a.grp, count(*) FROM t a JOIN t b ON a.id = b.id + 1 WHERE a.grp < 5 GROUP BY a.grp ORDER BY a.grp", true },
        { "SELECT grp FROM t WHERE id < 100 UNION SELECT grp + 100 FROM t WHERE id > 19900 ORDER BY grp", true },
    };

    private static KilnSession Session(string master) => KilnSession.Builder()
        .Master(master)
        .Config("kiln.files.maxPartitionBytes", "64k")
        .Config("kiln.sql.shuffle.partitions", "7")
        .Config("kiln.sql.autoBroadcastJoinThreshold", "-1")
        .Config("kiln.ui.showConsoleProgress", "false")
        .GetOrCreate();

    private static string[] Run(KilnSession session, string csv, string sql, bool ordered)
    {
        session.RegisterTempView("t", session.Read.Option("header", "true").Schema("id int, grp int, amount decimal(12,2)").Csv(csv));
        var rows = session.Sql(sql).Collect().Select(r => string.Join("|", r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        return ordered ? rows.ToArray() : rows.Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void Queries_on_a_cluster_match_local_mode_exactly()
    {
        using var local = Session("local[2]");
        using var cluster = Session("local-cluster[3,1,512]");
        foreach (var row in Queries)
        {
            var (sql, ordered) = ((string)row[0], (bool)row[1]);
            var expected = Run(local, _csv, sql, ordered);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Run(cluster, _csv, sql, ordered));
        }
    }

    [Fact]
    public void A_sorted_write_on_a_cluster_matches_local_mode()
    {
        string[] Write(string master, string output)
        {
            using var session = Session(master);
            session.Read.Option("header", "true").Schema("id int, grp int, amount decimal(12,2)").Csv(_csv)
                .OrderBy(Functions.Col("amount"), Functions.Col("id"))
                .Write.Csv(output);
            return Directory.GetFiles(output, "part-*").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).ToArray();
        }

        var local = Write("local[2]", _dir.File("local-out"));
        var cluster = Write("local-cluster[2,1,512]", _dir.File("cluster-out"));
        Assert.Equal(20_000, local.Length);
        Assert.Equal(local, cluster);
    }
}
