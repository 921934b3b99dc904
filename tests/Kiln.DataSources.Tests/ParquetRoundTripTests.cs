using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Files;
using Kiln.DataSources.Parquet;

namespace Kiln.DataSources.Tests;

/// <summary>Kiln's Parquet writer and reader together: values survive, whatever batch sizes, pages and row groups cut them into.</summary>
public sealed class ParquetRoundTripTests : IDisposable
{
    private static readonly Schema Types = Schema.ParseDdl("i int, l bigint, d double, small decimal(9,2), mid decimal(18,4), wide decimal(38,6), b boolean, dt date, ts timestamp, s string");

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Strings of 0 to 200 bytes (so a column spans many 1 MiB pages), nulls in every column.</summary>
    private static object?[] Row(int i) =>
    [
        i % 17 == 0 ? null : i - 50_000,
        i % 17 == 1 ? null : i * -3_000_000_007L,
        i % 17 == 2 ? null : i / 3.0,
        i % 17 == 3 ? null : (i % 1_000_000) / 100m - 5_000m,
        i % 17 == 4 ? null : i * 12_345.6789m,
        i % 17 == 5 ? null : (i % 2 == 0 ? -1 : 1) * i * 123_456_789_012_345.123456m,
        i % 17 == 6 ? null : i % 3 == 0,
        i % 17 == 7 ? null : new DateOnly(1900, 1, 1).AddDays(i % 70_000),
        i % 17 == 8 ? null : new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(i * 123_456_789_0L),
        i % 17 == 9 ? null : new string((char)('a' + (i % 26)), i % 201) + "ü" + i,
    ];

    private static RecordBatch Batch(int from, int count)
    {
        var builders = Types.Fields.Select(f => VectorBuilder.Create(f.Type)).ToArray();
        for (var i = from; i < from + count; i++)
        {
            var row = Row(i);
            for (var c = 0; c < row.Length; c++)
            {
                builders[c].AppendValue(row[c]);
            }
        }

        return new RecordBatch(Types, builders.Select(b => b.Build()).ToArray(), count);
    }

    [Theory]
    [InlineData("snappy", 4096)]
    [InlineData("zstd", 10_007)]
    [InlineData("uncompressed", 65_536)]
    public void Values_survive_across_pages_row_groups_and_batches(string codec, int batchSize)
    {
        const int Rows = 120_000;
        var path = _dir.Combine($"round-{codec}.parquet");
        using (var stream = File.Create(path))
        using (var writer = new ParquetBatchWriter(stream, Types, new ParquetOptions { Compression = codec, RowGroupSize = 50_000 }))
        {
            for (var from = 0; from < Rows; from += 7_777)
            {
                writer.Write(Batch(from, Math.Min(7_777, Rows - from)));
            }
        }

        var split = new FileSplit(path, 0, new FileInfo(path).Length, new FileInfo(path).Length);
        using var reader = new ParquetSplitReader(split, Types, ParquetOptions.Default, batchSize, Enumerable.Range(0, Types.Count).ToArray());
        var i = 0;
        while (reader.ReadBatch() is { } batch)
        {
            for (var r = 0; r < batch.RowCount; r++, i++)
            {
                var expected = Row(i);
                for (var c = 0; c < Types.Count; c++)
                {
                    var actual = batch.Column(c).GetValue(r);
                    Assert.True(Equals(expected[c], actual), $"row {i}, column {Types[c].Name}: wrote {expected[c]}, read {actual}");
                }
            }
        }

        Assert.Equal(Rows, i);
        Assert.Equal(3, reader.RowGroupsRead);
    }

    /// <summary>Physical forms DuckDB does not write: Spark's INT96 timestamps and decimals as variable-length BYTE_ARRAY.</summary>
    [Fact]
    public unsafe void Int96_timestamps_and_byte_array_decimals_are_read()
    {
        var path = _dir.Combine("legacy.parquet");
        using (var ts = new ParquetSharp.Schema.PrimitiveNode("ts", ParquetSharp.Repetition.Optional, ParquetSharp.LogicalType.None(), ParquetSharp.PhysicalType.Int96))
        using (var dec = new ParquetSharp.Schema.PrimitiveNode("dec", ParquetSharp.Repetition.Optional, ParquetSharp.LogicalType.Decimal(30, 2), ParquetSharp.PhysicalType.ByteArray))
        using (var root = new ParquetSharp.Schema.GroupNode("schema", ParquetSharp.Repetition.Required, [ts, dec]))
        using (var properties = new ParquetSharp.WriterPropertiesBuilder().Build())
        using (var file = new ParquetSharp.ParquetFileWriter(path, root, properties))
        {
            using var group = file.AppendRowGroup();
            using (var w = (ParquetSharp.ColumnWriter<ParquetSharp.Int96>)group.NextColumn())
            {
                // 2000-01-01 00:00:01.5 UTC is Julian day 2451545, 1.5e9 nanoseconds into the day; 1969-12-31 23:59:59 is day 2440587.
                var nanos = 1_500_000_000L;
                var late = 86_399_000_000_000L;
                w.WriteBatch(3, [1, 0, 1], default, [new ParquetSharp.Int96((int)nanos, (int)(nanos >> 32), 2_451_545), new ParquetSharp.Int96((int)late, (int)(late >> 32), 2_440_587)]);
            }

            using (var w = (ParquetSharp.ColumnWriter<ParquetSharp.ByteArray>)group.NextColumn())
            {
                byte[] minus = [0xFF, 0x85]; // -123 unscaled: -1.23
                byte[] big = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]; // 2^72 unscaled
                fixed (byte* m = minus)
                fixed (byte* b = big)
                {
                    w.WriteBatch(3, [1, 1, 0], default, [new ParquetSharp.ByteArray((IntPtr)m, minus.Length), new ParquetSharp.ByteArray((IntPtr)b, big.Length)]);
                }
            }

            file.Close();
        }

        var schema = ParquetSchemaReader.Read([path], ParquetOptions.Default).Schema;
        Assert.Equal("ts timestamp, dec decimal(30,2)", string.Join(", ", schema.Fields.Select(f => $"{f.Name} {f.Type}")));
        var split = new FileSplit(path, 0, new FileInfo(path).Length, new FileInfo(path).Length);
        using var reader = new ParquetSplitReader(split, schema, ParquetOptions.Default, 100, [0, 1]);
        var batch = reader.ReadBatch()!;
        Assert.Equal(new DateTime(2000, 1, 1, 0, 0, 1, 500, DateTimeKind.Utc), batch.Column(0).GetValue(0));
        Assert.Null(batch.Column(0).GetValue(1));
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc), batch.Column(0).GetValue(2));
        Assert.Equal(-1.23m, batch.Column(1).GetValue(0));
        Assert.Equal(47223664828696452136.96m, batch.Column(1).GetValue(1));
        Assert.Null(batch.Column(1).GetValue(2));
    }
}
