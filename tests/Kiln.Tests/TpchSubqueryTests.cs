namespace Kiln.Tests;

/// <summary>
/// The TPC-H queries that use subqueries (Q2, Q4, Q11, Q15, Q16, Q17, Q18, Q20, Q21, Q22), in their specified SQL
/// shape (a few constants moved so that the small data set gives non-trivial answers), over <see cref="TpchMini"/>
/// under every <see cref="EngineConfig"/>. Each expected answer is the query written again in LINQ.
/// </summary>
public sealed class TpchSubqueryTests
{
    private static readonly TpchMini Data = new();

    private static readonly HashSet<string> Codes = ["13", "31", "23", "29", "30", "18", "17"];

    private static KilnSession Open(string config)
    {
        var session = EngineConfig.Create(config);
        Data.Register(session);
        return session;
    }

    private static TpchMini.Supplier Supplier(int key) => Data.Suppliers[key - 1];

    private static string NationOf(int nationKey) => Data.NationRows[nationKey].Name;

    private static bool InEurope(TpchMini.Supplier s) => Data.NationRows[s.NationKey].RegionKey == 3;

    /// <summary>avg over decimal(p,2) as SQL types it: decimal with scale 6, rounded half up.</summary>
    private static decimal Avg(IEnumerable<decimal> values)
    {
        var list = values.ToList();
        return Math.Round(list.Sum() / list.Count, 6, MidpointRounding.AwayFromZero);
    }

    private static string[] Ordered(KilnSession session, string sql) => Rows.Of(session.Sql(sql).Collect());

    private static string[] NonEmpty(IEnumerable<object?[]> rows)
    {
        var text = Rows.Ordered(rows);
        Assert.NotEmpty(text);
        return text;
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q2_minimum_cost_supplier(string config)
    {
        using var session = Open(config);
        var expected =
            from p in Data.Parts
            where p.Size == 15 && p.Type.EndsWith("BRASS", StringComparison.Ordinal)
            from ps in Data.PartSupps
            where ps.PartKey == p.Key
            let s = Supplier(ps.SuppKey)
            where InEurope(s) && ps.SupplyCost == Data.PartSupps.Where(x => x.PartKey == p.Key && InEurope(Supplier(x.SuppKey))).Min(x => x.SupplyCost)
            orderby s.AcctBal descending, NationOf(s.NationKey), s.Name, p.Key
            select new object?[] { s.AcctBal, s.Name, NationOf(s.NationKey), p.Key, p.Mfgr, s.Address, s.Phone, s.Comment };
        Assert.Equal(NonEmpty(expected.Take(100)), Ordered(session, """
            select s_acctbal, s_name, n_name, p_partkey, p_mfgr, s_address, s_phone, s_comment
            from part, supplier, partsupp, nation, region
            where p_partkey = ps_partkey
              and s_suppkey = ps_suppkey
              and p_size = 15
              and p_type like '%BRASS'
              and s_nationkey = n_nationkey
              and n_regionkey = r_regionkey
              and r_name = 'EUROPE'
              and ps_supplycost = (
                select min(ps_supplycost)
                from partsupp, supplier, nation, region
                where p_partkey = ps_partkey
                  and s_suppkey = ps_suppkey
                  and s_nationkey = n_nationkey
                  and n_regionkey = r_regionkey
                  and r_name = 'EUROPE')
            order by s_acctbal desc, n_name, s_name, p_partkey
            limit 100
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q4_order_priority_checking(string config)
    {
        using var session = Open(config);
        var from = new DateOnly(1993, 7, 1);
        var expected = Data.Orders
            .Where(o => o.Date >= from && o.Date < from.AddMonths(3) && Data.LineItems.Any(l => l.OrderKey == o.Key && l.CommitDate < l.ReceiptDate))
            .GroupBy(o => o.Priority)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new object?[] { g.Key, (long)g.Count() });
        Assert.Equal(NonEmpty(expected), Ordered(session, """
            select o_orderpriority, count(*) as order_count
            from orders
            where o_orderdate >= date '1993-07-01'
              and o_orderdate < date '1993-07-01' + interval '3' month
              and exists (select * from lineitem where l_orderkey = o_orderkey and l_commitdate < l_receiptdate)
            group by o_orderpriority
            order by o_orderpriority
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q11_important_stock(string config)
    {
        using var session = Open(config);
        var german = Data.PartSupps.Where(ps => NationOf(Supplier(ps.SuppKey).NationKey) == "GERMANY").ToList();
        var threshold = german.Sum(ps => ps.SupplyCost * ps.AvailQty) * 0.02m;
        var groups = german.GroupBy(ps => ps.PartKey).Select(g => (Key: g.Key, Value: g.Sum(ps => ps.SupplyCost * ps.AvailQty))).ToList();
        var expected = groups.Where(g => g.Value > threshold).OrderByDescending(g => g.Value).ThenBy(g => g.Key).Select(g => new object?[] { g.Key, g.Value });
        Assert.InRange(groups.Count(g => g.Value > threshold), 1, groups.Count - 1);
        Assert.Equal(NonEmpty(expected), Ordered(session, """
            select ps_partkey, sum(ps_supplycost * ps_availqty) as value
            from partsupp, supplier, nation
            where ps_suppkey = s_suppkey
              and s_nationkey = n_nationkey
              and n_name = 'GERMANY'
            group by ps_partkey
            having sum(ps_supplycost * ps_availqty) > (
              select sum(ps_supplycost * ps_availqty) * 0.0200000000
              from partsupp, supplier, nation
              where ps_suppkey = s_suppkey
                and s_nationkey = n_nationkey
                and n_name = 'GERMANY')
            order by value desc, ps_partkey
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q15_top_supplier_over_a_view_used_twice(string config)
    {
        using var session = Open(config);
        var from = new DateOnly(1996, 1, 1);
        var revenue = Data.LineItems
            .Where(l => l.ShipDate >= from && l.ShipDate < from.AddMonths(3))
            .GroupBy(l => l.SuppKey)
            .Select(g => (Supplier: g.Key, Total: g.Sum(l => l.ExtendedPrice * (1 - l.Discount))))
            .ToList();
        var max = revenue.Max(r => r.Total);
        var expected = NonEmpty(revenue.Where(r => r.Total == max).OrderBy(r => r.Supplier).Select(r =>
        {
            var s = Supplier(r.Supplier);
            return new object?[] { s.Key, s.Name, s.Address, s.Phone, r.Total };
        }));
        session.Sql("""
            create temp view revenue0 (supplier_no, total_revenue) as
              select l_suppkey, sum(l_extendedprice * (1 - l_discount))
              from lineitem
              where l_shipdate >= date '1996-01-01'
                and l_shipdate < date '1996-01-01' + interval '3' month
              group by l_suppkey
            """);
        const string Query = """
            select s_suppkey, s_name, s_address, s_phone, total_revenue
            from supplier, revenue0
            where s_suppkey = supplier_no
              and total_revenue = (select max(total_revenue) from revenue0)
            order by s_suppkey
            """;
        Assert.Equal(expected, Ordered(session, Query));
        Assert.Equal(expected, Ordered(session, """
            with revenue1 (supplier_no, total_revenue) as (
              select l_suppkey, sum(l_extendedprice * (1 - l_discount))
              from lineitem
              where l_shipdate >= date '1996-01-01' and l_shipdate < date '1996-01-01' + interval '3' month
              group by l_suppkey)
            """ + Query.Replace("revenue0", "revenue1", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q16_parts_supplier_relationship(string config)
    {
        using var session = Open(config);
        var complaining = Data.Suppliers.Where(s => s.Comment.Contains("Customer", StringComparison.Ordinal)
            && s.Comment.IndexOf("Complaints", s.Comment.IndexOf("Customer", StringComparison.Ordinal), StringComparison.Ordinal) >= 0).Select(s => s.Key).ToHashSet();
        int[] sizes = [49, 14, 23, 45, 19, 3, 36, 9];
        var expected =
            from ps in Data.PartSupps
            let p = Data.Parts[ps.PartKey - 1]
            where p.Brand != "Brand#22" && !p.Type.StartsWith("MEDIUM POLISHED", StringComparison.Ordinal) && sizes.Contains(p.Size) && !complaining.Contains(ps.SuppKey)
            group ps.SuppKey by (p.Brand, p.Type, p.Size) into g
            let count = (long)g.Distinct().Count()
            orderby count descending, g.Key.Brand, g.Key.Type, g.Key.Size
            select new object?[] { g.Key.Brand, g.Key.Type, g.Key.Size, count };
        Assert.NotEmpty(complaining);
        Assert.Equal(NonEmpty(expected), Ordered(session, """
            select p_brand, p_type, p_size, count(distinct ps_suppkey) as supplier_cnt
            from partsupp, part
            where p_partkey = ps_partkey
              and p_brand <> 'Brand#22'
              and p_type not like 'MEDIUM POLISHED%'
              and p_size in (49, 14, 23, 45, 19, 3, 36, 9)
              and ps_suppkey not in (select s_suppkey from supplier where s_comment like '%Customer%Complaints%')
            group by p_brand, p_type, p_size
            order by supplier_cnt desc, p_brand, p_type, p_size
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q17_small_quantity_order_revenue(string config)
    {
        using var session = Open(config);
        var lines =
            from l in Data.LineItems
            let p = Data.Parts[l.PartKey - 1]
            where p.Brand == "Brand#23" && p.Container == "MED BOX"
              && l.Quantity < 0.5m * Avg(Data.LineItems.Where(x => x.PartKey == p.Key).Select(x => x.Quantity))
            select l.ExtendedPrice;
        var total = lines.ToList();
        Assert.NotEmpty(total);
        var expected = Math.Round(total.Sum() / 7.0m, 6, MidpointRounding.AwayFromZero);
        Assert.Equal([Rows.Text([expected])], Ordered(session, """
            select sum(l_extendedprice) / 7.0 as avg_yearly
            from lineitem, part
            where p_partkey = l_partkey
              and p_brand = 'Brand#23'
              and p_container = 'MED BOX'
              and l_quantity < (select 0.5 * avg(l_quantity) from lineitem where l_partkey = p_partkey)
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q18_large_volume_customer(string config)
    {
        using var session = Open(config);
        var big = Data.LineItems.GroupBy(l => l.OrderKey).Where(g => g.Sum(l => l.Quantity) > 200).Select(g => g.Key).ToHashSet();
        var expected =
            from o in Data.Orders
            where big.Contains(o.Key)
            let c = Data.Customers[o.CustKey - 1]
            let quantity = Data.LineItems.Where(l => l.OrderKey == o.Key).Sum(l => l.Quantity)
            orderby o.TotalPrice descending, o.Date, o.Key
            select new object?[] { c.Name, c.Key, o.Key, o.Date, o.TotalPrice, quantity };
        Assert.Equal(NonEmpty(expected.Take(100)), Ordered(session, """
            select c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity)
            from customer, orders, lineitem
            where o_orderkey in (select l_orderkey from lineitem group by l_orderkey having sum(l_quantity) > 200)
              and c_custkey = o_custkey
              and o_orderkey = l_orderkey
            group by c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
            order by o_totalprice desc, o_orderdate, o_orderkey
            limit 100
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q20_potential_part_promotion(string config)
    {
        using var session = Open(config);
        var from = new DateOnly(1994, 1, 1);
        bool Qualifies(TpchMini.PartSupp ps)
        {
            var shipped = Data.LineItems.Where(l => l.PartKey == ps.PartKey && l.SuppKey == ps.SuppKey && l.ShipDate >= from && l.ShipDate < from.AddYears(1)).ToList();
            return Data.Parts[ps.PartKey - 1].Name.StartsWith("forest", StringComparison.Ordinal) && shipped.Count > 0 && ps.AvailQty > 0.5m * shipped.Sum(l => l.Quantity);
        }

        var suppliers = Data.PartSupps.Where(Qualifies).Select(ps => ps.SuppKey).ToHashSet();
        var canadian = Data.Suppliers.Where(s => NationOf(s.NationKey) == "CANADA").ToList();
        Assert.InRange(canadian.Count(s => suppliers.Contains(s.Key)), 1, canadian.Count - 1);
        var expected = canadian.Where(s => suppliers.Contains(s.Key)).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new object?[] { s.Name, s.Address });
        Assert.Equal(NonEmpty(expected), Ordered(session, """
            select s_name, s_address
            from supplier, nation
            where s_suppkey in (
                select ps_suppkey
                from partsupp
                where ps_partkey in (select p_partkey from part where p_name like 'forest%')
                  and ps_availqty > (
                    select 0.5 * sum(l_quantity)
                    from lineitem
                    where l_partkey = ps_partkey
                      and l_suppkey = ps_suppkey
                      and l_shipdate >= date '1994-01-01'
                      and l_shipdate < date '1994-01-01' + interval '1' year))
              and s_nationkey = n_nationkey
              and n_name = 'CANADA'
            order by s_name
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q21_suppliers_who_kept_orders_waiting(string config)
    {
        using var session = Open(config);
        var byOrder = Data.LineItems.ToLookup(l => l.OrderKey);
        var expected =
            from l1 in Data.LineItems
            let s = Supplier(l1.SuppKey)
            where NationOf(s.NationKey) == "SAUDI ARABIA"
              && Data.Orders[l1.OrderKey - 1].Status == "F"
              && l1.ReceiptDate > l1.CommitDate
              && byOrder[l1.OrderKey].Any(l2 => l2.SuppKey != l1.SuppKey)
              && !byOrder[l1.OrderKey].Any(l3 => l3.SuppKey != l1.SuppKey && l3.ReceiptDate > l3.CommitDate)
            group l1 by s.Name into g
            orderby g.Count() descending, g.Key
            select new object?[] { g.Key, (long)g.Count() };
        Assert.Equal(NonEmpty(expected.Take(100)), Ordered(session, """
            select s_name, count(*) as numwait
            from supplier, lineitem l1, orders, nation
            where s_suppkey = l1.l_suppkey
              and o_orderkey = l1.l_orderkey
              and o_orderstatus = 'F'
              and l1.l_receiptdate > l1.l_commitdate
              and exists (
                select * from lineitem l2
                where l2.l_orderkey = l1.l_orderkey and l2.l_suppkey <> l1.l_suppkey)
              and not exists (
                select * from lineitem l3
                where l3.l_orderkey = l1.l_orderkey and l3.l_suppkey <> l1.l_suppkey and l3.l_receiptdate > l3.l_commitdate)
              and s_nationkey = n_nationkey
              and n_name = 'SAUDI ARABIA'
            group by s_name
            order by numwait desc, s_name
            limit 100
            """));
    }

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Q22_global_sales_opportunity(string config)
    {
        using var session = Open(config);
        var average = Avg(Data.Customers.Where(c => c.AcctBal > 0.00m && Codes.Contains(c.Phone[..2])).Select(c => c.AcctBal));
        var withOrders = Data.Orders.Select(o => o.CustKey).ToHashSet();
        var expected = Data.Customers
            .Where(c => Codes.Contains(c.Phone[..2]) && c.AcctBal > average && !withOrders.Contains(c.Key))
            .GroupBy(c => c.Phone[..2])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new object?[] { g.Key, (long)g.Count(), g.Sum(c => c.AcctBal) });
        Assert.Equal(NonEmpty(expected), Ordered(session, """
            select cntrycode, count(*) as numcust, sum(c_acctbal) as totacctbal
            from (
              select substring(c_phone from 1 for 2) as cntrycode, c_acctbal
              from customer
              where substring(c_phone from 1 for 2) in ('13', '31', '23', '29', '30', '18', '17')
                and c_acctbal > (
                  select avg(c_acctbal) from customer
                  where c_acctbal > 0.00 and substring(c_phone from 1 for 2) in ('13', '31', '23', '29', '30', '18', '17'))
                and not exists (select * from orders where o_custkey = c_custkey)
            ) as custsale
            group by cntrycode
            order by cntrycode
            """));
    }
}
