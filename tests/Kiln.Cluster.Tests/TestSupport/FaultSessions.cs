using System.Globalization;
using System.Text;
using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>Sessions and data for fault tests: short timeouts, quick fetch retries, a CSV split into many map tasks.</summary>
public static class FaultSessions
{
    /// <summary>A local-cluster session that notices lost executors and failed fetches within a second or two.</summary>
    public static KilnSessionBuilder Builder(string master, string localDir) => KilnSession.Builder()
        .Master(master)
        .Config("kiln.local.dir", localDir)
        .Config("kiln.executor.heartbeatInterval", "500ms")
        .Config("kiln.network.timeout", "20s")
        .Config("kiln.shuffle.io.maxRetries", "1")
        .Config("kiln.shuffle.io.retryWait", "100ms")
        .Config("kiln.ui.showConsoleProgress", "false");

    /// <summary>Writes <paramref name="rows"/> rows (<c>id,grp,amount</c>) to a CSV file; with kiln.files.maxPartitionBytes=16k it makes about one map task per 16 KiB.</summary>
    public static string WriteCsv(string dir, int rows)
    {
        var text = new StringBuilder("id,grp,amount\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{i % 37},{(i * 7919) % 1000}.25\n");
        }

        var path = Path.Combine(dir, "input.csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>The expected result of <see cref="GroupTotals"/>, computed in C#.</summary>
    public static string[] ExpectedGroupTotals(int rows) => Enumerable.Range(0, rows)
        .GroupBy(i => i % 37)
        .Select(g => $"[{g.Key},{g.Count()},{g.Sum(i => ((i * 7919) % 1000) + 0.25m).ToString(CultureInfo.InvariantCulture)}]")
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Rows per group and their total amount: a map stage over the file's splits, then a shuffle to the result stage.</summary>
    public static DataFrame GroupTotals(KilnSession session, string csv) => session.Read
        .Option("header", "true")
        .Schema("id int, grp int, amount decimal(12,2)")
        .Csv(csv)
        .GroupBy("grp")
        .Agg(Functions.Count().Alias("n"), Functions.Sum(Functions.Col("amount")).Alias("total"));

    /// <summary>Three stages: the file's splits (map), totals per group (map), then how many groups have each size (result).</summary>
    public static DataFrame CountsOfGroupSizes(KilnSession session, string csv) => GroupTotals(session, csv)
        .GroupBy("n")
        .Agg(Functions.Count().Alias("groups"), Functions.Sum(Functions.Col("total")).Alias("total"));

    /// <summary>The expected result of <see cref="CountsOfGroupSizes"/>, computed in C#.</summary>
    public static string[] ExpectedCountsOfGroupSizes(int rows) => Enumerable.Range(0, rows)
        .GroupBy(i => i % 37)
        .Select(g => (N: g.Count(), Total: g.Sum(i => ((i * 7919) % 1000) + 0.25m)))
        .GroupBy(g => g.N)
        .Select(g => $"[{g.Key},{g.Count()},{g.Sum(x => x.Total).ToString(CultureInfo.InvariantCulture)}]")
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Holds the scheduler's thread in a listener callback until <paramref name="condition"/> completes (its hang guard fails the job).</summary>
    public static void Block(Task condition) => condition.GetAwaiter().GetResult();

    public static string[] Sorted(IEnumerable<Row> rows) => rows
        .Select(r => "[" + string.Join(",", r.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))) + "]")
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The cluster backend of a session (tests see the engine's internals).</summary>
    public static ClusterBackend Backend(KilnSession session) => (ClusterBackend)session.Engine.Backend;
}
