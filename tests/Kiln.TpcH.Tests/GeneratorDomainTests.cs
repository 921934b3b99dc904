using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiln.TpcH.Tests;

/// <summary>The generated tables against clause 4.2 of the TPC-H specification: row counts, keys and value domains.</summary>
public sealed partial class GeneratorDomainTests(GeneratedData data) : IClassFixture<GeneratedData>
{
    private static readonly DateOnly CurrentDate = new(1995, 6, 17);

    [Fact]
    public void Row_counts_follow_the_scale_factor()
    {
        var rows = data.Manifest.Tables.ToDictionary(t => t.Name, t => t.Rows);
        Assert.Equal(5, rows["region"]);
        Assert.Equal(25, rows["nation"]);
        Assert.Equal(2_000, rows["part"]);
        Assert.Equal(100, rows["supplier"]);
        Assert.Equal(8_000, rows["partsupp"]);
        Assert.Equal(1_500, rows["customer"]);
        Assert.Equal(15_000, rows["orders"]);
        Assert.InRange(rows["lineitem"], 15_000 * 3.8, 15_000 * 4.2);
        foreach (var table in TpchSchema.Tables)
        {
            Assert.Equal(rows[table.Name], data.Rows(table).LongCount());
            Assert.All(data.Rows(table), r => Assert.Equal(table.Columns.Count, r.Length));
        }
    }

    [Fact]
    public void Files_start_with_a_header_of_the_column_names()
    {
        foreach (var table in TpchSchema.Tables)
        {
            Assert.Equal(string.Join(",", table.Columns.Select(c => c.Name)), File.ReadLines(data.PathOf(table)).First());
        }
    }

    [Fact]
    public void Parts_follow_the_specification()
    {
        var key = 0;
        foreach (var p in data.Rows(TpchSchema.Part))
        {
            Assert.Equal(++key, Int(p[0]));
            var words = p[1].Split(' ');
            Assert.Equal(5, words.Distinct().Count());
            Assert.All(words, w => Assert.Contains(w, Colors));
            var m = Int(p[2]["Manufacturer#".Length..]);
            Assert.InRange(m, 1, 5);
            Assert.Matches($"^Brand#{m}[1-5]$", p[3]);
            Assert.Matches("^(STANDARD|SMALL|MEDIUM|LARGE|ECONOMY|PROMO) (ANODIZED|BURNISHED|PLATED|POLISHED|BRUSHED) (TIN|NICKEL|BRASS|STEEL|COPPER)$", p[4]);
            Assert.InRange(Int(p[5]), 1, 50);
            Assert.Matches("^(SM|LG|MED|JUMBO|WRAP) (CASE|BOX|BAG|JAR|PKG|PACK|CAN|DRUM)$", p[6]);
            Assert.Equal((90000 + (key / 10 % 20001) + (100 * (key % 1000))) / 100m, Money(p[7]));
            Assert.InRange(p[8].Length, 5, 22);
        }
    }

    [Fact]
    public void Each_part_has_four_distinct_suppliers_from_the_specification_formula()
    {
        const int s = 100;
        foreach (var part in data.Rows(TpchSchema.PartSupp).GroupBy(r => Int(r[0])))
        {
            var expected = Enumerable.Range(0, 4).Select(i => ((part.Key + (i * ((s / 4) + ((part.Key - 1) / s)))) % s) + 1).ToArray();
            Assert.Equal(expected, part.Select(r => Int(r[1])));
            Assert.Equal(4, expected.Distinct().Count());
            Assert.All(part, r => Assert.InRange(Int(r[2]), 1, 9999));
            Assert.All(part, r => Assert.InRange(Money(r[3]), 1.00m, 1000.00m));
            Assert.All(part, r => Assert.InRange(r[4].Length, 49, 198));
        }
    }

    [Fact]
    public void Suppliers_and_customers_follow_the_specification()
    {
        var complaints = 0;
        foreach (var r in data.Rows(TpchSchema.Supplier))
        {
            Assert.Equal($"Supplier#{Int(r[0]):D9}", r[1]);
            CheckAddressPhoneBalance(r[2], Int(r[3]), r[4], Money(r[5]));
            Assert.InRange(r[6].Length, 25, 100);
            complaints += CustomerComplaints().IsMatch(r[6]) ? 1 : 0;
        }

        Assert.Equal(1, complaints);
        var segments = new HashSet<string> { "AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD" };
        foreach (var r in data.Rows(TpchSchema.Customer))
        {
            Assert.Equal($"Customer#{Int(r[0]):D9}", r[1]);
            CheckAddressPhoneBalance(r[2], Int(r[3]), r[4], Money(r[5]));
            Assert.Contains(r[6], segments);
            Assert.InRange(r[7].Length, 29, 116);
        }
    }

    [Fact]
    public void Orders_and_line_items_follow_the_specification()
    {
        var retail = data.Rows(TpchSchema.Part).ToDictionary(p => Int(p[0]), p => Money(p[7]));
        var suppliers = data.Rows(TpchSchema.PartSupp).ToLookup(r => Int(r[0]), r => Int(r[1]));
        var lines = data.Rows(TpchSchema.LineItem).ToLookup(r => Int(r[0]));
        var lastOrderDate = new DateOnly(1998, 12, 31).AddDays(-151);
        var customersWithOrders = new HashSet<int>();
        foreach (var o in data.Rows(TpchSchema.Orders))
        {
            var key = Int(o[0]);
            Assert.True((key - 1) % 32 < 8, $"order key {key} is not one of the first 8 of its 32");
            var customer = Int(o[1]);
            Assert.NotEqual(0, customer % 3);
            Assert.InRange(customer, 1, 1_500);
            customersWithOrders.Add(customer);
            var orderDate = Date(o[4]);
            Assert.InRange(orderDate, new DateOnly(1992, 1, 1), lastOrderDate);
            Assert.Contains(o[5], (string[])["1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"]);
            Assert.InRange(Int(o[6]["Clerk#".Length..]), 1, 10);
            Assert.Equal("0", o[7]);
            Assert.InRange(o[8].Length, 19, 78);

            var items = lines[key].ToList();
            Assert.InRange(items.Count, 1, 7);
            Assert.Equal(Enumerable.Range(1, items.Count), items.Select(l => Int(l[3])));
            var total = 0m;
            foreach (var l in items)
            {
                var part = Int(l[1]);
                Assert.Contains(Int(l[2]), suppliers[part]);
                var quantity = Money(l[4]);
                Assert.InRange(quantity, 1m, 50m);
                Assert.Equal(quantity * retail[part], Money(l[5]));
                var discount = Money(l[6]);
                var tax = Money(l[7]);
                Assert.InRange(discount, 0m, 0.10m);
                Assert.InRange(tax, 0m, 0.08m);
                var ship = Date(l[10]);
                var commit = Date(l[11]);
                var receipt = Date(l[12]);
                Assert.InRange(ship.DayNumber - orderDate.DayNumber, 1, 121);
                Assert.InRange(commit.DayNumber - orderDate.DayNumber, 30, 90);
                Assert.InRange(receipt.DayNumber - ship.DayNumber, 1, 30);
                Assert.Contains(l[8], receipt <= CurrentDate ? (string[])["R", "A"] : ["N"]);
                Assert.Equal(ship > CurrentDate ? "O" : "F", l[9]);
                Assert.Contains(l[13], (string[])["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"]);
                Assert.Contains(l[14], (string[])["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"]);
                Assert.InRange(l[15].Length, 10, 43);
                total += Money(l[5]) * (1 + tax) * (1 - discount);
            }

            Assert.Equal(Math.Round(total, 2, MidpointRounding.AwayFromZero), Money(o[3]));
            var statuses = items.Select(l => l[9]).Distinct().ToList();
            Assert.Equal(statuses.Count == 2 ? "P" : statuses[0], o[2]);
        }

        // About two thirds of the customers who may order have orders (each gets ten on average).
        Assert.InRange(customersWithOrders.Count, 900, 1_000);
    }

    [Fact]
    public void Nations_and_regions_are_the_specification_lists()
    {
        var nations = data.Rows(TpchSchema.Nation).ToList();
        Assert.Equal(Enumerable.Range(0, 25), nations.Select(n => Int(n[0])));
        Assert.Equal("SAUDI ARABIA", nations[20][1]);
        Assert.Equal("4", nations[20][2]);
        Assert.Equal(["AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"], data.Rows(TpchSchema.Region).Select(r => r[1]));
    }

    private static void CheckAddressPhoneBalance(string address, int nation, string phone, decimal balance)
    {
        Assert.InRange(address.Length, 10, 40);
        Assert.InRange(nation, 0, 24);
        Assert.Matches($"^{nation + 10}-[1-9][0-9]{{2}}-[1-9][0-9]{{2}}-[1-9][0-9]{{3}}$", phone);
        Assert.InRange(balance, -999.99m, 9999.99m);
    }

    /// <summary>The 92 colour words of clause 4.2.3 that part names are made of.</summary>
    private static readonly HashSet<string> Colors =
    [
        .. """
        almond antique aquamarine azure beige bisque black blanched blue blush brown burlywood burnished chartreuse chiffon
        chocolate coral cornflower cornsilk cream cyan dark deep dim dodger drab firebrick floral forest frosted gainsboro ghost
        goldenrod green grey honeydew hot indian ivory khaki lace lavender lawn lemon light lime linen magenta maroon medium
        metallic midnight mint misty moccasin navajo navy olive orange orchid pale papaya peach peru pink plum powder puff purple
        red rose rosy royal saddle salmon sandy seashell sienna sky slate smoke snow spring steel tan thistle tomato turquoise
        violet wheat white yellow
        """.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries),
    ];

    [Fact]
    public void The_colour_list_has_the_92_words_of_the_specification() => Assert.Equal(92, Colors.Count);

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static decimal Money(string text)
    {
        Assert.Matches(@"^-?[0-9]+\.[0-9]{2}$", text);
        return decimal.Parse(text, CultureInfo.InvariantCulture);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex("Customer.*Complaints")]
    private static partial Regex CustomerComplaints();
}
