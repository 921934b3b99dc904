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
}
