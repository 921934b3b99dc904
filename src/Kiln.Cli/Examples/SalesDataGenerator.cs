using System.Buffers.Text;
using System.Text;

namespace Kiln.Cli.Examples;

/// <summary>
/// Writes a deterministic synthetic sales table as CSV (header included):
/// <c>order_id bigint, customer_id int, product_id int, category string, quantity int, price double, order_date date</c>.
/// Chunks are generated in parallel and written in order, so the file is identical for a given row count.
/// </summary>
public static class SalesDataGenerator
{
    public const string Ddl = "order_id bigint, customer_id int, product_id int, category string, quantity int, price double, order_date date";

    public static readonly string[] Categories =
    [
        "books", "music", "garden", "toys", "kitchen", "sports", "beauty", "health", "games", "office",
        "tools", "baby", "pets", "auto", "shoes", "jewelry", "outdoor", "grocery", "movies", "software",
    ];

    private const int ChunkRows = 250_000;

    public static void Write(string path, long rows)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var header = Encoding.UTF8.GetBytes("order_id,customer_id,product_id,category,quantity,price,order_date\n");
            file.Write(header);
            var chunks = (int)((rows + ChunkRows - 1) / ChunkRows);
            var window = Math.Max(2, Environment.ProcessorCount * 2);
            for (var start = 0; start < chunks; start += window)
            {
                var count = Math.Min(window, chunks - start);
                var buffers = new byte[count][];
                Parallel.For(0, count, i => buffers[i] = Chunk(start + i, rows));
                foreach (var b in buffers)
                {
                    file.Write(b);
                }
            }
        }

        File.Move(temp, path, overwrite: true);
    }

    private static byte[] Chunk(int chunk, long totalRows)
    {
        var first = (long)chunk * ChunkRows;
        var count = (int)Math.Min(ChunkRows, totalRows - first);
        var random = new Random(unchecked((int)(0x5EED + (chunk * 7919))));
        var buffer = new byte[count * 80];
        var pos = 0;
        var epochDay = new DateOnly(2020, 1, 1).DayNumber;
        for (var r = 0; r < count; r++)
        {
            var product = random.Next(1, 1001);
            pos += Number(buffer.AsSpan(pos), first + r + 1);
            buffer[pos++] = (byte)',';
            pos += Number(buffer.AsSpan(pos), random.Next(1, 100_001));
            buffer[pos++] = (byte)',';
            pos += Number(buffer.AsSpan(pos), product);
            buffer[pos++] = (byte)',';
            pos += Encoding.ASCII.GetBytes(Categories[product % Categories.Length], buffer.AsSpan(pos));
            buffer[pos++] = (byte)',';
            pos += Number(buffer.AsSpan(pos), random.Next(1, 11));
            buffer[pos++] = (byte)',';
            var cents = random.Next(99, 100_000);
            pos += Number(buffer.AsSpan(pos), cents / 100);
            buffer[pos++] = (byte)'.';
            buffer[pos++] = (byte)('0' + (cents / 10 % 10));
            buffer[pos++] = (byte)('0' + (cents % 10));
            buffer[pos++] = (byte)',';
            var date = DateOnly.FromDayNumber(epochDay + random.Next(0, 1461));
            pos += Encoding.ASCII.GetBytes(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), buffer.AsSpan(pos));
            buffer[pos++] = (byte)'\n';
        }

        return buffer.AsSpan(0, pos).ToArray();
    }

    private static int Number(Span<byte> destination, long value) =>
        Utf8Formatter.TryFormat(value, destination, out var written) ? written : throw new InvalidOperationException("buffer too small");
}
