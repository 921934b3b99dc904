using Kiln.Common.Types;
using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Every join type, with duplicate and NULL keys and an extra non-equality condition, against LINQ.</summary>
public sealed class JoinTests
{
    private static readonly (int Id, int? Key)[] Left = Enumerable.Range(1, 400).Select(i => (i, i % 13 == 0 ? (int?)null : i % 37)).ToArray();
    private static readonly (int? Key, string Label, int Limit)[] Right = Enumerable.Range(0, 60).Select(i => (i % 7 == 0 ? (int?)null : (int?)(i % 45), $"r{i}", i * 5)).ToArray();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var config in new[] { "single", "partitioned", "spilling" })
        {
            foreach (var how in new[] { "inner", "left", "right", "full", "left_semi", "left_anti" })
            {
                data.Add(config, how);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Join_matches_linq(string config, string how)
    {
        using var session = EngineConfig.Create(config);
        var left = session.CreateDataFrame(Schema.ParseDdl("id int, k int"), Left.Select(l => new object?[] { l.Id, l.Key }));
        var right = session.CreateDataFrame(Schema.ParseDdl("rk int, label string, lim int"), Right.Select(r => new object?[] { r.Key, r.Label, r.Limit }));
        var joined = left.Join(right, (left["k"] == right["rk"]) & (left["id"] > right["lim"]), how).Collect();
        Assert.Equal(Expected(how), Rows.Sorted(joined));
    }

    private static string[] Expected(string how)
    {
        bool Match((int Id, int? Key) l, (int? Key, string Label, int Limit) r) => l.Key is not null && l.Key == r.Key && l.Id > r.Limit;
        object?[] Both((int Id, int? Key) l, (int? Key, string Label, int Limit) r) => [l.Id, l.Key, r.Key, r.Label, r.Limit];
        object?[] LeftOnly((int Id, int? Key) l) => [l.Id, l.Key, null, null, null];
        object?[] RightOnly((int? Key, string Label, int Limit) r) => [null, null, r.Key, r.Label, r.Limit];
        var pairs = Left.SelectMany(l => Right.Where(r => Match(l, r)).Select(r => Both(l, r)));
        var rows = how switch
        {
            "inner" => pairs,
            "left" => pairs.Concat(Left.Where(l => !Right.Any(r => Match(l, r))).Select(LeftOnly)),
            "right" => pairs.Concat(Right.Where(r => !Left.Any(l => Match(l, r))).Select(RightOnly)),
            "full" => pairs.Concat(Left.Where(l => !Right.Any(r => Match(l, r))).Select(LeftOnly)).Concat(Right.Where(r => !Left.Any(l => Match(l, r))).Select(RightOnly)),
            "left_semi" => Left.Where(l => Right.Any(r => Match(l, r))).Select(l => new object?[] { l.Id, l.Key }),
            _ => Left.Where(l => !Right.Any(r => Match(l, r))).Select(l => new object?[] { l.Id, l.Key }),
        };
        return Rows.Sorted(rows);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Using_column_join_keeps_one_key_column(string config)
    {
        using var session = EngineConfig.Create(config);
        var a = session.CreateDataFrame(Schema.ParseDdl("k int, x string"), [1, "a"], [2, "b"], [null, "n"]);
        var b = session.CreateDataFrame(Schema.ParseDdl("k int, y string"), [2, "B"], [3, "C"], [null, "N"]);
        var full = a.Join(b, "k", "full");
        Assert.Equal(["k", "x", "y"], full.Columns);
        Assert.Equal(["[1,a,null]", "[2,b,B]", "[3,null,C]", "[null,n,null]", "[null,null,N]"], Rows.Sorted(full.Collect()));
    }

    [Fact]
    public void Cross_join_pairs_every_row()
    {
        using var session = EngineConfig.Create("partitioned");
        var a = session.Range(0, 30);
        var b = session.Range(0, 7).WithColumnRenamed("id", "j");
        Assert.Equal(210, a.CrossJoin(b).Count());
        Assert.Equal(105, a.Join(b, a["id"] < b["j"] * 5, "inner").Count());
    }
}
