using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>Region and nation: fixed names and keys (clause 4.2.3), comments from the text pool.</summary>
internal sealed class FixedTables : TableChunks
{
    private const ulong RegionStream = 0x0E61;
    private const ulong NationStream = 0x0A71;

    public FixedTables(TpchContext context, TpchTable table)
        : base(context, table.BaseRows, (int)table.BaseRows, table)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var buffer = buffers[0];
        var isRegion = Outputs[0] == TpchSchema.Region;
        for (var row = (int)first; row < first + count; row++)
        {
            var random = new RowRandom(isRegion ? RegionStream : NationStream, row);
            buffer.Int(row);
            if (isRegion)
            {
                buffer.Raw(Encoding.ASCII.GetBytes(Vocabulary.Regions[row]));
                buffer.Text(Context.Text.Text(ref random, 31, 115));
            }
            else
            {
                buffer.Raw(Encoding.ASCII.GetBytes(Vocabulary.Nations[row].Name));
                buffer.Int(Vocabulary.Nations[row].Region);
                buffer.Text(Context.Text.Text(ref random, 31, 114));
            }

            buffer.EndRow();
        }

        return [count];
    }
}
