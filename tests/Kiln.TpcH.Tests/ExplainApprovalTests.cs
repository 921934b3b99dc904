namespace Kiln.TpcH.Tests;

/// <summary>
/// Kiln's EXPLAIN of each query is checked in under <c>approved/qNN.txt</c>, so plan changes show up in review.
/// Run with <c>KILN_APPROVE=1</c> to rewrite the approved files from the current plans.
/// </summary>
[Collection(TpchCollection.Name)]
public sealed class ExplainApprovalTests(TpchDataFixture data)
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

    /// <summary>The plan text without what depends on the machine: the data directory's absolute path.</summary>
    private string Normalize(string plan) =>
        plan.Replace(data.DataDirectory, "<data>", StringComparison.Ordinal).ReplaceLineEndings("\n");
}
