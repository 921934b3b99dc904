namespace Kiln.TpcH.Generation;

/// <summary>
/// SUPPLIER (clause 4.2.3): SF * 10,000 suppliers; the chosen few carry "Customer ... Complaints" or
/// "Customer ... Recommends" inside their comment.
/// </summary>
internal sealed class SupplierChunks : TableChunks
{
    private const ulong Stream = 0x5A99;

    public SupplierChunks(TpchContext context)
        : base(context, context.Suppliers, 10_000, TpchSchema.Supplier)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var buffer = buffers[0];
        Span<byte> comment = stackalloc byte[100];
        for (var row = first; row < first + count; row++)
        {
            var random = new RowRandom(Stream, row);
            var key = row + 1;
            buffer.Int(key);
            buffer.Numbered("Supplier#"u8, key);
            Fields.VString(buffer, ref random, 10, 40);
            var nation = random.Next(0, 24);
            buffer.Int(nation);
            Fields.Phone(buffer, ref random, nation);
            buffer.Cents(random.NextLong(-99_999, 999_999));
            var text = Context.Text.Text(ref random, 25, 100);
            var complaint = Context.Complaints.Contains(key);
            if (complaint || Context.Recommendations.Contains(key))
            {
                // "Customer", a gap of the original text, then "Complaints" or "Recommends", at a random place.
                text.CopyTo(comment);
                var tail = complaint ? "Complaints"u8 : "Recommends"u8;
                var gap = random.Next(0, text.Length - 18);
                var at = random.Next(0, text.Length - 18 - gap);
                "Customer"u8.CopyTo(comment[at..]);
                tail.CopyTo(comment[(at + 8 + gap)..]);
                buffer.Text(comment[..text.Length]);
            }
            else
            {
                buffer.Text(text);
            }

            buffer.EndRow();
        }

        return [count];
    }
}
