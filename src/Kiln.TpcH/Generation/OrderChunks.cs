using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>
/// ORDERS and LINEITEM together (clause 4.2.3): each order has 1 to 7 line items, and its status and total price
/// are derived from them. Line item dates follow the order date; return flag and line status follow CURRENTDATE.
/// </summary>
internal sealed class OrderChunks : TableChunks
{
    private const ulong Stream = 0x0D35;

    private static readonly byte[][] Priorities = Vocabulary.Priorities.Select(Encoding.ASCII.GetBytes).ToArray();
    private static readonly byte[][] Instructions = Vocabulary.Instructions.Select(Encoding.ASCII.GetBytes).ToArray();
    private static readonly byte[][] ShipModes = Vocabulary.ShipModes.Select(Encoding.ASCII.GetBytes).ToArray();

    public OrderChunks(TpchContext context)
        : base(context, context.Orders, 10_000, TpchSchema.Orders, TpchSchema.LineItem)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var orders = buffers[0];
        var lines = buffers[1];
        long lineCount = 0;
        for (var row = first; row < first + count; row++)
        {
            var random = new RowRandom(Stream, row);
            var orderKey = TpchContext.OrderKey(row);
            var customer = TpchContext.OrderingCustomerKey(random.NextLong(0, Context.OrderingCustomers - 1));
            var orderDay = random.Next(0, TpchDates.LastOrderDay);
            var priority = random.Next(0, Priorities.Length - 1);
            var clerk = random.NextLong(1, Context.Clerks);
            var comment = Context.Text.Text(ref random, 19, 78);
            var items = random.Next(1, 7);

            // Total price in units of 1/10,000 cent: extended price in cents * (100 - discount%) * (100 + tax%).
            long total = 0;
            var open = 0;
            for (var line = 1; line <= items; line++)
            {
                var partKey = random.NextLong(1, Context.Parts);
                var supplier = Context.SupplierOfPart(partKey, random.Next(0, 3));
                var quantity = random.Next(1, 50);
                var extended = quantity * TpchContext.RetailPriceCents(partKey);
                var discount = random.Next(0, 10);
                var tax = random.Next(0, 8);
                var shipDay = orderDay + random.Next(1, 121);
                var commitDay = orderDay + random.Next(30, 90);
                var receiptDay = shipDay + random.Next(1, 30);
                var returned = random.Next(0, 1) == 0 ? (byte)'R' : (byte)'A';
                total += extended * (100 - discount) * (100 + tax);

                lines.Int(orderKey);
                lines.Int(partKey);
                lines.Int(supplier);
                lines.Int(line);
                lines.Cents(quantity * 100L);
                lines.Cents(extended);
                lines.Cents(discount);
                lines.Cents(tax);
                lines.Raw([receiptDay <= TpchDates.CurrentDay ? returned : (byte)'N']);
                var isOpen = shipDay > TpchDates.CurrentDay;
                open += isOpen ? 1 : 0;
                lines.Raw(isOpen ? "O"u8 : "F"u8);
                lines.Date(shipDay);
                lines.Date(commitDay);
                lines.Date(receiptDay);
                lines.Raw(Instructions[random.Next(0, Instructions.Length - 1)]);
                lines.Raw(ShipModes[random.Next(0, ShipModes.Length - 1)]);
                lines.Text(Context.Text.Text(ref random, 10, 43));
                lines.EndRow();
            }

            lineCount += items;
            orders.Int(orderKey);
            orders.Int(customer);
            orders.Raw(open == items ? "O"u8 : open == 0 ? "F"u8 : "P"u8);
            orders.Cents((total + 5_000) / 10_000);
            orders.Date(orderDay);
            orders.Raw(Priorities[priority]);
            orders.Numbered("Clerk#"u8, clerk);
            orders.Int(0);
            orders.Text(comment);
            orders.EndRow();
        }

        return [count, lineCount];
    }
}
