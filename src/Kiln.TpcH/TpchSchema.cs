namespace Kiln.TpcH;

/// <summary>The TPC-H schema (clause 1.4): the eight tables, their columns and types, in dependency order.</summary>
public static class TpchSchema
{
    public static TpchTable Region { get; } = new("region", Cols(Int("r_regionkey"), Str("r_name"), Str("r_comment")), 5, Scaled: false);

    public static TpchTable Nation { get; } = new("nation", Cols(Int("n_nationkey"), Str("n_name"), Int("n_regionkey"), Str("n_comment")), 25, Scaled: false);

    public static TpchTable Part { get; } = new(
        "part",
        Cols(
            Int("p_partkey"), Str("p_name"), Str("p_mfgr"), Str("p_brand"), Str("p_type"), Int("p_size"),
            Str("p_container"), Dec("p_retailprice"), Str("p_comment")),
        200_000,
        Scaled: true);

    public static TpchTable Supplier { get; } = new(
        "supplier",
        Cols(Int("s_suppkey"), Str("s_name"), Str("s_address"), Int("s_nationkey"), Str("s_phone"), Dec("s_acctbal"), Str("s_comment")),
        10_000,
        Scaled: true);

    public static TpchTable PartSupp { get; } = new(
        "partsupp",
        Cols(Int("ps_partkey"), Int("ps_suppkey"), Int("ps_availqty"), Dec("ps_supplycost"), Str("ps_comment")),
        800_000,
        Scaled: true);

    public static TpchTable Customer { get; } = new(
        "customer",
        Cols(
            Int("c_custkey"), Str("c_name"), Str("c_address"), Int("c_nationkey"), Str("c_phone"), Dec("c_acctbal"),
            Str("c_mktsegment"), Str("c_comment")),
        150_000,
        Scaled: true);

    public static TpchTable Orders { get; } = new(
        "orders",
        Cols(
            Int("o_orderkey"), Int("o_custkey"), Str("o_orderstatus"), Dec("o_totalprice"), Day("o_orderdate"),
            Str("o_orderpriority"), Str("o_clerk"), Int("o_shippriority"), Str("o_comment")),
        1_500_000,
        Scaled: true);

    public static TpchTable LineItem { get; } = new(
        "lineitem",
        Cols(
            Int("l_orderkey"), Int("l_partkey"), Int("l_suppkey"), Int("l_linenumber"), Dec("l_quantity"),
            Dec("l_extendedprice"), Dec("l_discount"), Dec("l_tax"), Str("l_returnflag"), Str("l_linestatus"),
            Day("l_shipdate"), Day("l_commitdate"), Day("l_receiptdate"), Str("l_shipinstruct"), Str("l_shipmode"),
            Str("l_comment")),
        6_000_000,
        Scaled: true);

    /// <summary>All eight tables.</summary>
    public static IReadOnlyList<TpchTable> Tables { get; } = [Region, Nation, Part, Supplier, PartSupp, Customer, Orders, LineItem];

    /// <summary>The table called <paramref name="name"/> (case-insensitive).</summary>
    public static TpchTable Get(string name) =>
        Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not a TPC-H table; the tables are {string.Join(", ", Tables.Select(t => t.Name))}", nameof(name));

    private static TpchColumn[] Cols(params TpchColumn[] columns) => columns;

    private static TpchColumn Int(string name) => new(name, TpchColumnType.Integer);

    private static TpchColumn Dec(string name) => new(name, TpchColumnType.Decimal);

    private static TpchColumn Day(string name) => new(name, TpchColumnType.Date);

    private static TpchColumn Str(string name) => new(name, TpchColumnType.Text);
}
