using System.Text;

namespace Kiln.TpcH.Generation;

/// <summary>PART (clause 4.2.3): SF * 200,000 parts named from five distinct colours, with the retail price formula.</summary>
internal sealed class PartChunks : TableChunks
{
    private const ulong Stream = 0x9A27;

    private static readonly byte[][] Colors = Vocabulary.Colors.Select(Encoding.ASCII.GetBytes).ToArray();
    private static readonly byte[][] Types = Enumerable.Range(0, 150)
        .Select(t => Encoding.ASCII.GetBytes($"{Vocabulary.TypeSize[t / 25]} {Vocabulary.TypeFinish[t / 5 % 5]} {Vocabulary.TypeMaterial[t % 5]}"))
        .ToArray();

    private static readonly byte[][] Containers = Enumerable.Range(0, 40)
        .Select(c => Encoding.ASCII.GetBytes($"{Vocabulary.ContainerSize[c / 8]} {Vocabulary.ContainerKind[c % 8]}"))
        .ToArray();

    public PartChunks(TpchContext context)
        : base(context, context.Parts, 20_000, TpchSchema.Part)
    {
    }

    protected override long[] WriteRows(long first, int count, CsvBuffer[] buffers)
    {
        var buffer = buffers[0];
        Span<int> picked = stackalloc int[5];
        Span<byte> name = stackalloc byte[64];
        Span<byte> mfgr = stackalloc byte[14];
        Span<byte> brand = stackalloc byte[8];
        "Manufacturer#"u8.CopyTo(mfgr);
        "Brand#"u8.CopyTo(brand);
        for (var row = first; row < first + count; row++)
        {
            var random = new RowRandom(Stream, row);
            var key = row + 1;
            buffer.Int(key);

            var length = 0;
            for (var i = 0; i < 5; i++)
            {
                int color;
                do
                {
                    color = random.Next(0, Colors.Length - 1);
                }
                while (picked[..i].Contains(color));
                picked[i] = color;
                if (i > 0)
                {
                    name[length++] = (byte)' ';
                }

                Colors[color].CopyTo(name[length..]);
                length += Colors[color].Length;
            }

            buffer.Raw(name[..length]);
            var m = random.Next(1, 5);
            mfgr[13] = (byte)('0' + m);
            buffer.Raw(mfgr);
            brand[6] = (byte)('0' + m);
            brand[7] = (byte)('0' + random.Next(1, 5));
            buffer.Raw(brand);
            buffer.Raw(Types[random.Next(0, Types.Length - 1)]);
            buffer.Int(random.Next(1, 50));
            buffer.Raw(Containers[random.Next(0, Containers.Length - 1)]);
            buffer.Cents(TpchContext.RetailPriceCents(key));
            buffer.Text(Context.Text.Text(ref random, 5, 22));
            buffer.EndRow();
        }

        return [count];
    }
}
