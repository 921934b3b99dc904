using Kiln.Common.Types;
using static Kiln.Functions;

namespace Kiln.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Group_by_join_and_sort_run_end_to_end()
    {
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.sql.shuffle.partitions", "3").GetOrCreate();
        var people = session.CreateDataFrame(
            Schema.ParseDdl("id int, name string, dept int"),
            [1, "ann", 10], [2, "bob", 20], [3, "cy", 10], [4, "dee", null]);
        var depts = session.CreateDataFrame(Schema.ParseDdl("dept int, title string"), [10, "eng"], [20, "ops"]);
        var result = people.Join(depts, "dept", "left").GroupBy("title").Agg(Count().Alias("n"), Max(Col("name")).Alias("last")).OrderBy(Col("title").AscNullsFirst()).Collect();
        Assert.Equal(["[NULL,1,dee]", "[eng,2,cy]", "[ops,1,bob]"], result.Select(r => r.ToString().Replace("null", "NULL", StringComparison.Ordinal)).ToArray());
    }
}
