using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.TpcH.Tests;

/// <summary>
/// Kiln's EXPLAIN of each query is checked in under <c>approved/qNN.txt</c>, so plan changes show up in review.
/// Run with <c>KILN_APPROVE=1</c> to rewrite the approved files from the current plans.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed partial class ExplainApprovalTests(TpchDataFixture data)
{
    public static TheoryData<string> Queries => QueryOracleTests.Queries;

    [Theory]
    [MemberData(nameof(Queries))]
    public void Plan_matches_the_approved_plan(string query)
    {
        Assert.True(TpchQueries.TryParse(query, out var number));
        var plan = Normalize(data.Session.Sql(TpchQueries.Get(number)).ExplainString(extended: true));
        var approvedPath = Path.Combine(RepoPaths.Approved, $"{query}.txt");
        if (Environment.GetEnvironmentVariable("KILN_APPROVE") == "1")
        {
            Directory.CreateDirectory(RepoPaths.Approved);
            File.WriteAllText(approvedPath, plan);
        }

        Assert.True(File.Exists(approvedPath), $"no approved plan for {query}; run the tests with KILN_APPROVE=1 and review {approvedPath}");
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        Assert.True(
            approved == plan,
            $"the plan of {query} changed; if the change is intended, run with KILN_APPROVE=1 and review the diff of {approvedPath}\n--- approved\n{approved}\n--- now\n{plan}");
    }

    /// <summary>
    /// The plan text without what depends on the machine or the run: the data directory's absolute path, and the
    /// session-wide expression ids in names such as <c>exists#222</c>, renumbered from 1 in order of appearance
    /// (so the text still shows which reference belongs to which subquery).
    /// </summary>
    private string Normalize(string plan)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = plan.Replace(data.DataDirectory, "<data>", StringComparison.Ordinal).ReplaceLineEndings("\n");
        return ExpressionId().Replace(text, m =>
        {
            if (!ids.TryGetValue(m.Groups[2].Value, out var n))
            {
                ids[m.Groups[2].Value] = n = ids.Count + 1;
            }

            return string.Create(CultureInfo.InvariantCulture, $"{m.Groups[1].Value}#{n}");
        });
    }

    /// <summary>A lower-case name and an id (<c>scalar-subquery#79</c>); literals such as 'Brand#23' are capitalized.</summary>
    [GeneratedRegex(@"\b([a-z][a-z-]*)#([0-9]+)\b")]
    private static partial Regex ExpressionId();
}
