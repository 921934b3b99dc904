using Kiln.Common.Types;

namespace Kiln.Tests;

/// <summary>
/// A few hundred rows of TPC-H shaped data (the columns the subquery queries read), generated deterministically and
/// skewed so that every query has a non-trivial answer: half the suppliers in Europe, Canada or Saudi Arabia, a
/// fifth of the parts named "forest ...", customers whose key is a multiple of 3 without orders (as dbgen does).
/// </summary>
internal sealed class TpchMini
{
    private static readonly string[] Nations =
    [
        "ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN",
        "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU", "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES",
    ];

    private static readonly int[] NationRegions = [0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1];
    private static readonly string[] Regions = ["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"];
    private static readonly int[] European = [6, 7, 19, 22, 23];
    private static readonly string[] Words = ["forest", "green", "blush", "ivory", "khaki", "lace", "navy"];
    private static readonly string[] TypeSizes = ["STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"];
    private static readonly string[] TypeFinishes = ["ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"];
    private static readonly string[] TypeMetals = ["TIN", "NICKEL", "BRASS", "STEEL", "COPPER"];
    private static readonly string[] Containers = ["SM CASE", "MED BOX", "LG PACK", "JUMBO JAR", "WRAP BAG"];
    private static readonly int[] Sizes = [3, 9, 14, 15, 19, 23, 36, 45, 49];
    private static readonly string[] Priorities = ["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"];

    public sealed record Nation(int Key, string Name, int RegionKey);

    public sealed record Supplier(int Key, string Name, string Address, int NationKey, string Phone, decimal AcctBal, string Comment);

    public sealed record Part(int Key, string Name, string Mfgr, string Brand, string Type, int Size, string Container);

    public sealed record PartSupp(int PartKey, int SuppKey, int AvailQty, decimal SupplyCost);

    public sealed record Customer(int Key, string Name, int NationKey, string Phone, decimal AcctBal);

    public sealed record Order(int Key, int CustKey, string Status, decimal TotalPrice, DateOnly Date, string Priority);

    public sealed record LineItem(int OrderKey, int PartKey, int SuppKey, decimal Quantity, decimal ExtendedPrice, decimal Discount, DateOnly ShipDate, DateOnly CommitDate, DateOnly ReceiptDate);

    public TpchMini(int seed = 42)
    {
        var random = new Random(seed);
        decimal Money(int low, int high) => random.Next(low * 100, high * 100) / 100m;
        NationRows = Nations.Select((n, i) => new Nation(i, n, NationRegions[i])).ToArray();
        RegionNames = Regions;
        const int supplierCount = 40;
        Suppliers = Enumerable.Range(1, supplierCount).Select(i => new Supplier(
            i,
            $"Supplier#{i:D9}",
            $"addr{random.Next(1000)}",
            (i % 4) switch { 0 => European[(i / 4) % European.Length], 1 => 3, 2 => 20, _ => (i * 3) % 25 },
            $"{10 + (i % 25)}-{random.Next(100, 999)}-{random.Next(1000, 9999)}",
            Money(-999, 9999),
            i % 6 == 0 ? $"quick Customer sly {random.Next(100)} Complaints" : $"regular deposits {random.Next(100)}")).ToArray();
        Parts = Enumerable.Range(1, 200).Select(i =>
        {
            var first = i % 5 == 0 ? "forest" : Words[1 + random.Next(Words.Length - 1)];
            return new Part(
                i,
                $"{first} {Words[random.Next(Words.Length)]} {Words[random.Next(Words.Length)]}",
                $"Manufacturer#{1 + random.Next(5)}",
                $"Brand#{1 + random.Next(3)}{1 + random.Next(3)}",
                $"{TypeSizes[random.Next(TypeSizes.Length)]} {TypeFinishes[random.Next(TypeFinishes.Length)]} {TypeMetals[random.Next(TypeMetals.Length)]}",
                Sizes[random.Next(Sizes.Length)],
                Containers[random.Next(Containers.Length)]);
        }).ToArray();
        PartSupps = Parts.SelectMany(p => Enumerable.Range(0, 4).Select(j => new PartSupp(
            p.Key,
            ((p.Key + (j * ((supplierCount / 4) + ((p.Key - 1) / supplierCount)))) % supplierCount) + 1,
            1 + random.Next(60),
            Money(1, 1000)))).ToArray();
        Customers = Enumerable.Range(1, 90).Select(i =>
        {
            var nation = random.Next(25);
            return new Customer(i, $"Customer#{i:D9}", nation, $"{10 + nation}-{random.Next(100, 999)}-{random.Next(1000, 9999)}", Money(-999, 9999));
        }).ToArray();
        var start = new DateOnly(1992, 1, 1);
        var orders = new List<Order>();
        var lines = new List<LineItem>();
        for (var o = 1; o <= 400; o++)
        {
            var cust = 1 + random.Next(Customers.Count);
            if (cust % 3 == 0)
            {
                cust = cust == Customers.Count ? 1 : cust + 1;
            }

            var date = start.AddDays(random.Next(2400));
            var count = 1 + random.Next(7);
            for (var l = 0; l < count; l++)
            {
                var part = Parts[random.Next(Parts.Count)];
                var supplier = PartSupps[((part.Key - 1) * 4) + random.Next(4)].SuppKey;
                var quantity = 1 + random.Next(50);
                var ship = date.AddDays(1 + random.Next(121));
                lines.Add(new LineItem(
                    o, part.Key, supplier, quantity, quantity * Money(9, 200), random.Next(11) / 100m,
                    ship, date.AddDays(30 + random.Next(121)), ship.AddDays(1 + random.Next(30))));
            }

            orders.Add(new Order(o, cust, random.Next(2) == 0 ? "F" : "O", Money(1000, 400000), date, Priorities[random.Next(Priorities.Length)]));
        }

        Orders = orders;
        LineItems = lines;
    }

    public IReadOnlyList<Nation> NationRows { get; }

    public IReadOnlyList<string> RegionNames { get; }

    public IReadOnlyList<Supplier> Suppliers { get; }

    public IReadOnlyList<Part> Parts { get; }

    public IReadOnlyList<PartSupp> PartSupps { get; }

    public IReadOnlyList<Customer> Customers { get; }

    public IReadOnlyList<Order> Orders { get; }

    public IReadOnlyList<LineItem> LineItems { get; }

    /// <summary>Registers the tables under their TPC-H names.</summary>
    public void Register(KilnSession session)
    {
        void Table(string name, string ddl, IEnumerable<object?[]> rows) => session.RegisterTempView(name, session.CreateDataFrame(Schema.ParseDdl(ddl), rows));
        Table("region", "r_regionkey int, r_name string", RegionNames.Select((r, i) => new object?[] { i, r }));
        Table("nation", "n_nationkey int, n_name string, n_regionkey int", NationRows.Select(n => new object?[] { n.Key, n.Name, n.RegionKey }));
        Table(
            "supplier",
            "s_suppkey int, s_name string, s_address string, s_nationkey int, s_phone string, s_acctbal decimal(15,2), s_comment string",
            Suppliers.Select(s => new object?[] { s.Key, s.Name, s.Address, s.NationKey, s.Phone, s.AcctBal, s.Comment }));
        Table(
            "part",
            "p_partkey int, p_name string, p_mfgr string, p_brand string, p_type string, p_size int, p_container string",
            Parts.Select(p => new object?[] { p.Key, p.Name, p.Mfgr, p.Brand, p.Type, p.Size, p.Container }));
        Table(
            "partsupp",
            "ps_partkey int, ps_suppkey int, ps_availqty int, ps_supplycost decimal(15,2)",
            PartSupps.Select(ps => new object?[] { ps.PartKey, ps.SuppKey, ps.AvailQty, ps.SupplyCost }));
        Table(
            "customer",
            "c_custkey int, c_name string, c_nationkey int, c_phone string, c_acctbal decimal(15,2)",
            Customers.Select(c => new object?[] { c.Key, c.Name, c.NationKey, c.Phone, c.AcctBal }));
        Table(
            "orders",
            "o_orderkey int, o_custkey int, o_orderstatus string, o_totalprice decimal(15,2), o_orderdate date, o_orderpriority string",
            Orders.Select(o => new object?[] { o.Key, o.CustKey, o.Status, o.TotalPrice, o.Date, o.Priority }));
        Table(
            "lineitem",
            "l_orderkey int, l_partkey int, l_suppkey int, l_quantity decimal(15,2), l_extendedprice decimal(15,2), l_discount decimal(15,2), l_shipdate date, l_commitdate date, l_receiptdate date",
            LineItems.Select(l => new object?[] { l.OrderKey, l.PartKey, l.SuppKey, l.Quantity, l.ExtendedPrice, l.Discount, l.ShipDate, l.CommitDate, l.ReceiptDate }));
    }
}
