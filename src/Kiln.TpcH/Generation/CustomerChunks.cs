using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>CUSTOMER (clause 4.2.3): SF * 150,000 customers.</summary>
internal sealed class CustomerChunks : TableChunks
{
    private const ulong Stream = 0xC057;

    private static readonly byte[][] Segments = Vocabulary.Segments.Select(Encoding.ASCII.GetBytes).ToArray();

    public CustomerChunks(TpchContext context)
        : base(context, context.Customers, 10_000, TpchSchema.Customer)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var buffer = buffers[0];
        for (var row = first; row < first + count; row++)
        {
            var random = new RowRandom(Stream, row);
            var key = row + 1;
            buffer.Int(key);
            buffer.Numbered("Customer#"u8, key);
            Fields.VString(buffer, ref random, 10, 40);
            var nation = random.Next(0, 24);
            buffer.Int(nation);
            Fields.Phone(buffer, ref random, nation);
            buffer.Cents(random.NextLong(-99_999, 999_999));
            buffer.Raw(Segments[random.Next(0, Segments.Length - 1)]);
            buffer.Text(Context.Text.Text(ref random, 29, 116));
            buffer.EndRow();
        }

        return [count];
    }
}
