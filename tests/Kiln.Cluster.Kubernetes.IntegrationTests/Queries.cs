using static Kiln.Functions;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>A shuffle-heavy query with a known answer: ids grouped by id % 13, counted and summed.</summary>
internal static class Queries
{
    public const long Rows = 200_000;

    public static string[] GroupTotals(KilnSession session) => session.Range(0, Rows, 1, 8)
        .Select((Col("id") % Lit(13L)).Alias("k"), Col("id"))
        .GroupBy("k")
        .Agg(Count().Alias("n"), Sum(Col("id")).Alias("s"))
        .Collect()
        .Select(r => string.Join(",", r.Values))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static string[] ExpectedGroupTotals() => Enumerable.Range(0, 13)
        .Select(k =>
        {
            var ids = Enumerable.Range(0, (int)Rows).Where(i => i % 13 == k).Select(i => (long)i).ToArray();
            return $"{k},{ids.Length},{ids.Sum()}";
        })
        .Order(StringComparer.Ordinal)
        .ToArray();
}
