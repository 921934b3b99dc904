namespace Kiln.TpcH.Generation;

/// <summary>PARTSUPP (clause 4.2.3): four suppliers per part, chosen by the specification's formula.</summary>
internal sealed class PartSuppChunks : TableChunks
{
    private const ulong Stream = 0x9555;

    public PartSuppChunks(TpchContext context)
        : base(context, context.Parts, 10_000, TpchSchema.PartSupp)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var buffer = buffers[0];
        for (var row = first; row < first + count; row++)
        {
            var random = new RowRandom(Stream, row);
            var partKey = row + 1;
            for (var i = 0; i < 4; i++)
            {
                buffer.Int(partKey);
                buffer.Int(Context.SupplierOfPart(partKey, i));
                buffer.Int(random.Next(1, 9999));
                buffer.Cents(random.NextLong(100, 100_000));
                buffer.Text(Context.Text.Text(ref random, 49, 198));
                buffer.EndRow();
            }
        }

        return [4L * count];
    }
}
