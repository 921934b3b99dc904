using Kiln.Common.Errors;
using Kiln.Common.Types;

namespace Kiln.Tests;

/// <summary>
/// SQL subqueries of every kind, correlated and not, with NULLs on both sides, under every <see cref="EngineConfig"/>;
/// expected rows come from LINQ over the same data, written with SQL's three-valued rules spelled out.
/// </summary>
public sealed class SubqueryTests
{
    private sealed record TRow(int Id, int? K, int? V, string? Name);

    private sealed record SRow(int? K, int? W, string Tag);

    private static readonly TRow[] T = Enumerable.Range(1, 240).Select(i => new TRow(
        i,
        i % 17 == 0 ? null : i % 23,
        i % 11 == 0 ? null : (i * 7) % 50,
        i % 13 == 0 ? null : $"n{i % 9}")).ToArray();

    private static readonly SRow[] S = Enumerable.Range(0, 70).Select(i => new SRow(
        i % 9 == 0 ? null : (i * 5) % 31,
        i % 7 == 3 ? null : (i * 13) % 45,
        $"s{i % 4}")).ToArray();

    private static KilnSession Open(string config)
    {
        var session = EngineConfig.Create(config);
        session.RegisterTempView("t", session.CreateDataFrame(Schema.ParseDdl("id int, k int, v int, name string"), T.Select(r => new object?[] { r.Id, r.K, r.V, r.Name })));
        session.RegisterTempView("s", session.CreateDataFrame(Schema.ParseDdl("k int, w int, tag string"), S.Select(r => new object?[] { r.K, r.W, r.Tag })));
        return session;
    }

    private static string[] Run(KilnSession session, string sql) => Rows.Sorted(session.Sql(sql).Collect());

    private static string[] Ids(IEnumerable<TRow> rows) => Rows.Sorted(rows.Select(r => new object?[] { r.Id }));

    /// <summary>The ids of a strict, non-empty subset of t: a filter that keeps all rows or none would prove little.</summary>
    private static string[] Some(IEnumerable<TRow> rows)
    {
        var ids = Ids(rows);
        Assert.InRange(ids.Length, 1, T.Length - 1);
        return ids;
    }

    /// <summary>The subquery rows a correlated condition <c>s.k = t.k</c> selects: none when t.k is NULL.</summary>
    private static IEnumerable<SRow> Matching(TRow t) => S.Where(s => s.K is not null && s.K == t.K);

    /// <summary>SQL's <c>x NOT IN (set)</c> as a WHERE condition: TRUE only when every comparison is FALSE.</summary>
    private static bool NotIn(int? x, IEnumerable<int?> set)
    {
        var values = set.ToList();
        return values.Count == 0 || (x is not null && values.All(v => v is not null && v != x));
    }

    /// <summary>SQL's three-valued <c>x IN (set)</c>.</summary>
    private static bool? In(int? x, IEnumerable<int?> set)
    {
        var values = set.ToList();
        if (x is not null && values.Contains(x))
        {
            return true;
        }

        return values.Count > 0 && (x is null || values.Contains(null)) ? null : false;
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Exists_and_not_exists_follow_the_correlation(string config)
    {
        using var session = Open(config);
        Assert.Equal(Some(T.Where(t => Matching(t).Any())), Run(session, "SELECT id FROM t WHERE EXISTS (SELECT * FROM s WHERE s.k = t.k)"));
        Assert.Equal(Some(T.Where(t => !Matching(t).Any())), Run(session, "SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = t.k)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Exists_with_a_non_equality_correlated_condition(string config)
    {
        using var session = Open(config);
        bool Hit(TRow t) => Matching(t).Any(s => s.W is not null && t.V is not null && s.W > t.V && t.Name is not null && s.Tag != t.Name);
        Assert.Equal(
            Some(T.Where(Hit)),
            Run(session, "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.k = t.k AND s.w > t.v AND s.tag <> t.name)"));
        Assert.Equal(
            Some(T.Where(t => !Hit(t))),
            Run(session, "SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.k = t.k AND s.w > t.v AND s.tag <> t.name)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Uncorrelated_exists_keeps_all_rows_or_none(string config)
    {
        using var session = Open(config);
        Assert.Equal(240, session.Sql("SELECT id FROM t WHERE EXISTS (SELECT 1 FROM s WHERE w > 10)").Count());
        Assert.Equal(0, session.Sql("SELECT id FROM t WHERE EXISTS (SELECT 1 FROM s WHERE w > 1000)").Count());
        Assert.Equal(240, session.Sql("SELECT id FROM t WHERE NOT EXISTS (SELECT 1 FROM s WHERE w > 1000)").Count());
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void In_subquery_uncorrelated_and_correlated(string config)
    {
        using var session = Open(config);
        var big = S.Where(s => s.W > 20).Select(s => s.K).ToList();
        Assert.Equal(Some(T.Where(t => t.K is not null && big.Contains(t.K))), Run(session, "SELECT id FROM t WHERE k IN (SELECT k FROM s WHERE w > 20)"));
        Assert.Equal(
            Some(T.Where(t => t.V is not null && Matching(t).Any(s => s.W == t.V))),
            Run(session, "SELECT id FROM t WHERE v IN (SELECT w FROM s WHERE s.k = t.k)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Not_in_follows_sql_null_semantics(string config)
    {
        using var session = Open(config);

        // The subquery returns a NULL: no row can pass.
        Assert.Contains(S, s => s.K is null);
        Assert.Empty(Run(session, "SELECT id FROM t WHERE k NOT IN (SELECT k FROM s)"));

        // No NULL in the subquery: rows whose k is NULL are still removed (NULL NOT IN non-empty set is unknown).
        var keys = S.Where(s => s.K is not null && s.W > 30).Select(s => s.K).ToList();
        Assert.Equal(
            Some(T.Where(t => NotIn(t.K, keys))),
            Run(session, "SELECT id FROM t WHERE k NOT IN (SELECT k FROM s WHERE k IS NOT NULL AND w > 30)"));
        Assert.Contains(T, t => t.K is null);

        // An empty subquery keeps every row, NULL k included.
        Assert.Equal(Ids(T), Run(session, "SELECT id FROM t WHERE k NOT IN (SELECT k FROM s WHERE w > 1000)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Correlated_not_in_applies_null_semantics_per_outer_row(string config)
    {
        using var session = Open(config);
        Assert.Contains(T, t => Matching(t).Any(s => s.W is null));
        Assert.Contains(T, t => t.V is null && Matching(t).Any());
        Assert.Contains(T, t => t.V is null && !Matching(t).Any());
        Assert.Equal(
            Some(T.Where(t => NotIn(t.V, Matching(t).Select(s => s.W)))),
            Run(session, "SELECT id FROM t WHERE v NOT IN (SELECT w FROM s WHERE s.k = t.k)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Uncorrelated_scalar_subqueries_in_select_and_where(string config)
    {
        using var session = Open(config);
        var max = S.Max(s => s.W);
        var avg = S.Where(s => s.W is not null).Average(s => (double)s.W!.Value);
        Assert.Equal(
            Rows.Sorted(T.Select(t => new object?[] { t.Id, t.V - max })),
            Run(session, "SELECT id, v - (SELECT max(w) FROM s) FROM t"));
        Assert.Equal(Some(T.Where(t => t.V > avg)), Run(session, "SELECT id FROM t WHERE v > (SELECT avg(w) FROM s)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Scalar_subquery_of_no_rows_is_null_and_of_one_row_is_its_value(string config)
    {
        using var session = Open(config);
        Assert.Equal(["[1,null,null]"], Run(session, "SELECT id, (SELECT max(w) FROM s WHERE w > 1000), (SELECT w FROM s WHERE w > 1000) FROM t WHERE id = 1"));
        var only = S.First(s => s.K is not null && s.W is not null && S.Count(x => x.K == s.K && x.W == s.W) == 1);
        Assert.Equal([$"[1,{only.W}]"], Run(session, $"SELECT id, (SELECT w FROM s WHERE k = {only.K} AND w = {only.W}) FROM t WHERE id = 1"));
        Assert.Empty(Run(session, "SELECT id FROM t WHERE v = (SELECT w FROM s WHERE w > 1000)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Scalar_subquery_of_several_rows_fails_the_query(string config)
    {
        using var session = Open(config);
        var e = Assert.ThrowsAny<KilnException>(() => session.Sql("SELECT id, (SELECT w FROM s WHERE w > 10) FROM t").Collect());
        Assert.Contains("more than one row returned by a subquery used as an expression", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Correlated_scalar_count_is_zero_without_rows(string config)
    {
        using var session = Open(config);
        var expected = T.Select(t =>
        {
            var m = Matching(t).ToList();
            var sum = m.Any(s => s.W is not null) ? m.Sum(s => (long?)s.W) : null;
            return new object?[] { t.Id, (long)m.Count, sum, (long)m.Count(s => s.W is not null) + 1, sum ?? -1 };
        });
        Assert.Equal(
            Rows.Sorted(expected),
            Run(session, """
                SELECT id,
                       (SELECT count(*) FROM s WHERE s.k = t.k),
                       (SELECT sum(w) FROM s WHERE s.k = t.k),
                       (SELECT count(w) + 1 FROM s WHERE s.k = t.k),
                       (SELECT coalesce(sum(w), -1) FROM s WHERE s.k = t.k)
                FROM t
                """));
        Assert.Contains(expected, r => (long)r[1]! == 0);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Correlated_scalar_aggregate_in_where(string config)
    {
        using var session = Open(config);
        bool Keep(TRow t)
        {
            var ws = Matching(t).Where(s => s.W is not null).Select(s => s.W!.Value).ToList();
            return ws.Count > 0 && t.V is not null && t.V < 0.5 * ws.Average();
        }

        Assert.Equal(Some(T.Where(Keep)), Run(session, "SELECT id FROM t WHERE v < (SELECT 0.5 * avg(w) FROM s WHERE s.k = t.k)"));
        Assert.Equal(
            Some(T.Where(t => t.V is not null && Matching(t).LongCount() > t.V / 10.0)),
            Run(session, "SELECT id FROM t WHERE (SELECT count(*) FROM s WHERE s.k = t.k) > v / 10"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Subqueries_in_having(string config)
    {
        using var session = Open(config);
        var groups = T.GroupBy(t => t.K).Select(g => (K: g.Key, N: (long)g.Count(), Sum: g.Any(t => t.V is not null) ? g.Sum(t => (long?)t.V) : null)).ToList();
        var sCount = (long)S.Length;
        Assert.Equal(
            Rows.Sorted(groups.Where(g => g.Sum * 8 > sCount * 3).Select(g => new object?[] { g.K, g.Sum })),
            Run(session, "SELECT k, sum(v) FROM t GROUP BY k HAVING sum(v) * 8 > (SELECT count(*) * 3 FROM s)"));
        Assert.Equal(
            Rows.Sorted(groups.Where(g => g.N > S.Count(s => s.K is not null && s.K == g.K)).Select(g => new object?[] { g.K, g.N })),
            Run(session, "SELECT k, count(*) FROM t GROUP BY k HAVING count(*) > (SELECT count(*) FROM s WHERE s.k = t.k)"));
        Assert.Equal(
            Rows.Sorted(groups.Where(g => g.N > 5 && S.Any(s => s.K is not null && s.K == g.K && s.W > 30)).Select(g => new object?[] { g.K })),
            Run(session, "SELECT k FROM t GROUP BY k HAVING count(*) > 5 AND EXISTS (SELECT 1 FROM s WHERE s.k = t.k AND s.w > 30)"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Nested_subqueries(string config)
    {
        using var session = Open(config);
        bool Inner(SRow s)
        {
            var vs = T.Where(t2 => t2.K is not null && t2.K == s.K && t2.V is not null).Select(t2 => (double)t2.V!.Value).ToList();
            return vs.Count > 0 && s.W > vs.Average();
        }

        var keys = S.Where(Inner).Select(s => s.K).ToList();
        Assert.Equal(
            Some(T.Where(t => t.K is not null && keys.Contains(t.K) && t.Name is not null)),
            Run(session, """
                SELECT id FROM t
                WHERE name IS NOT NULL
                  AND k IN (SELECT k FROM s WHERE w > (SELECT avg(v) FROM t t2 WHERE t2.k = s.k))
                """));
        Assert.Equal(
            Some(T.Where(t => Matching(t).Any(s => S.Any(s2 => s2.W is not null && s2.W == s.W && s2.Tag != s.Tag)))),
            Run(session, "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.k = t.k AND EXISTS (SELECT 1 FROM s s2 WHERE s2.w = s.w AND s2.tag <> s.tag))"));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Subqueries_over_a_join_and_in_a_from_subquery(string config)
    {
        using var session = Open(config);
        var expected = T.Join(S, t => t.K, s => s.K, (t, s) => (t, s))
            .Where(p => p.t.K is not null && p.s.W > 40 && !S.Any(x => x.K == p.t.K && x.W is not null && x.W < 5))
            .Select(p => new object?[] { p.t.Id, p.s.W });
        Assert.Equal(
            Rows.Sorted(expected),
            Run(session, """
                SELECT id, w FROM (
                  SELECT t.id, s.w, t.k FROM t, s
                  WHERE t.k = s.k AND s.w > 40 AND NOT EXISTS (SELECT 1 FROM s x WHERE x.k = t.k AND x.w < 5)) j
                """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Exists_and_in_under_or_and_not(string config)
    {
        using var session = Open(config);
        Assert.Equal(
            Some(T.Where(t => t.V > 40 || Matching(t).Any(s => s.W > 30))),
            Run(session, "SELECT id FROM t WHERE v > 40 OR EXISTS (SELECT 1 FROM s WHERE s.k = t.k AND s.w > 30)"));

        // NOT IN under OR keeps SQL's NULL rules: a NULL in the set, or a NULL value, makes it unknown, not TRUE.
        var big = S.Where(s => s.W > 25).Select(s => s.K).ToList();
        Assert.Contains(big, k => k is null);
        Assert.Equal(
            Some(T.Where(t => t.V < 5 || In(t.K, big) == false)),
            Run(session, "SELECT id FROM t WHERE v < 5 OR k NOT IN (SELECT k FROM s WHERE w > 25)"));
        Assert.Equal(
            Some(T.Where(t => t.V < 5 || In(t.V, Matching(t).Select(s => s.W)) == false)),
            Run(session, "SELECT id FROM t WHERE v < 5 OR v NOT IN (SELECT w FROM s WHERE s.k = t.k)"));
        Assert.Equal(
            Some(T.Where(t => (t.V is not null && t.V <= 20) || In(t.V, Matching(t).Select(s => s.W)) == false)),
            Run(session, "SELECT id FROM t WHERE NOT (v > 20 AND v IN (SELECT w FROM s WHERE s.k = t.k))"));
        Assert.Contains(T, t => t.V is null && !Matching(t).Any());
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Exists_and_in_as_values_in_the_select_list_and_case(string config)
    {
        using var session = Open(config);
        var expected = T.Select(t =>
        {
            var inSet = In(t.V, Matching(t).Select(s => s.W));
            return new object?[] { t.Id, Matching(t).Any(), inSet, inSet == true ? "yes" : inSet == false ? "no" : "unknown" };
        }).ToList();
        Assert.Contains(expected, r => r[2] is null);
        Assert.Contains(expected, r => r[2] is true);
        Assert.Equal(
            Rows.Sorted(expected),
            Run(session, """
                SELECT id,
                       EXISTS (SELECT 1 FROM s WHERE s.k = t.k),
                       v IN (SELECT w FROM s WHERE s.k = t.k),
                       CASE WHEN v IN (SELECT w FROM s WHERE s.k = t.k) THEN 'yes'
                            WHEN NOT v IN (SELECT w FROM s WHERE s.k = t.k) THEN 'no'
                            ELSE 'unknown' END
                FROM t
                """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Uncorrelated_not_in_runs_as_a_null_aware_anti_join_and_or_as_an_existence_join(string config)
    {
        using var session = Open(config);
        Assert.Contains("LeftAnti (null-aware)", session.Sql("SELECT id FROM t WHERE k NOT IN (SELECT k FROM s)").ExplainString(), StringComparison.Ordinal);
        Assert.Contains("Existence", session.Sql("SELECT id FROM t WHERE v > 3 OR k IN (SELECT k FROM s)").ExplainString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Subqueries_in_the_select_list_of_an_aggregation(string config)
    {
        using var session = Open(config);
        var total = T.Sum(t => (long?)t.V);
        var expected = T.GroupBy(t => t.K).Select(g =>
        {
            var sum = g.Any(t => t.V is not null) ? g.Sum(t => (long?)t.V) : null;
            var matching = S.Where(s => s.K is not null && s.K == g.Key).ToList();
            return new object?[] { g.Key, (long)g.Count(), (double?)sum / total, (long)matching.Count, matching.Count > 0 };
        });
        Assert.Equal(
            Rows.Sorted(expected),
            Run(session, """
                SELECT k, count(*), sum(v) / (SELECT sum(v) FROM t),
                       (SELECT count(*) FROM s WHERE s.k = t.k),
                       EXISTS (SELECT 1 FROM s WHERE s.k = t.k)
                FROM t GROUP BY k
                """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Aggregation_ordered_by_a_subquery_column(string config)
    {
        using var session = Open(config);
        var expected = T.GroupBy(t => t.K)
            .Select(g => (K: g.Key, C: (long)S.Count(s => s.K is not null && s.K == g.Key)))
            .OrderByDescending(r => r.C).ThenBy(r => r.K)
            .Select(r => new object?[] { r.K, r.C });
        Assert.Equal(
            Rows.Ordered(expected),
            Rows.Of(session.Sql("SELECT k, (SELECT count(*) FROM s WHERE s.k = t.k) AS c FROM t GROUP BY k ORDER BY c DESC, k").Collect()));
    }
}
