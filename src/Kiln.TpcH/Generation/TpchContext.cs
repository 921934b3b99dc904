namespace Kiln.TpcH.Generation;

/// <summary>
/// What every table generator needs to know about one scale factor: the table sizes, the key formulas shared by
/// tables (retail price, the suppliers of a part, the customers who order) and the suppliers whose comments carry
/// the Better Business Bureau phrases queried by Q16.
/// </summary>
internal sealed class TpchContext
{
    private const ulong ComplaintStream = 0xBBB1;

    public TpchContext(double scaleFactor)
    {
        ScaleFactor = scaleFactor;
        Parts = TpchSchema.Part.RowsAt(scaleFactor);
        Suppliers = TpchSchema.Supplier.RowsAt(scaleFactor);
        Customers = TpchSchema.Customer.RowsAt(scaleFactor);
        Orders = TpchSchema.Orders.RowsAt(scaleFactor);
        Clerks = Math.Max(1, (long)Math.Round(scaleFactor * 1000));
        OrderingCustomers = Customers - (Customers / 3);

        // Clause 4.2.3: SF * 5 suppliers complain and SF * 5 recommend (at least one of each here, so small scale
        // factors still exercise Q16's filter).
        var count = (int)Math.Max(1, Math.Round(scaleFactor * 5));
        var random = new RowRandom(ComplaintStream, 0);
        var chosen = new HashSet<long>();
        while (chosen.Count < Math.Min(2 * count, Suppliers))
        {
            chosen.Add(random.NextLong(1, Suppliers));
        }

        var ordered = chosen.ToArray();
        Complaints = ordered.Take(count).ToHashSet();
        Recommendations = ordered.Skip(count).ToHashSet();
    }

    public double ScaleFactor { get; }

    public long Parts { get; }

    public long Suppliers { get; }

    public long Customers { get; }

    public long Orders { get; }

    public long Clerks { get; }

    /// <summary>How many customers place orders: those whose key is not a multiple of 3.</summary>
    public long OrderingCustomers { get; }

    public IReadOnlySet<long> Complaints { get; }

    public IReadOnlySet<long> Recommendations { get; }

    public TextPool Text => TextPool.Instance;

    /// <summary>P_RETAILPRICE in cents: (90000 + ((key / 10) mod 20001) + 100 * (key mod 1000)) / 100.</summary>
    public static long RetailPriceCents(long partKey) => 90000 + ((partKey / 10) % 20001) + (100 * (partKey % 1000));

    /// <summary>The i-th supplier (0..3) of a part: (key + i * (S / 4 + (key - 1) / S)) mod S + 1.</summary>
    public long SupplierOfPart(long partKey, int i) => ((partKey + (i * ((Suppliers / 4) + ((partKey - 1) / Suppliers)))) % Suppliers) + 1;

    /// <summary>The n-th (0-based) customer key that is not a multiple of 3.</summary>
    public static long OrderingCustomerKey(long n) => ((n / 2) * 3) + (n % 2) + 1;

    /// <summary>Orders use 8 of every 32 keys, so that keys stay sparse (clause 4.2.3).</summary>
    public static long OrderKey(long orderIndex) => ((orderIndex / 8) * 32) + (orderIndex % 8) + 1;
}
