using Kiln.Common.Batches;
using Kiln.Common.Ipc;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Common.Tests;

public sealed class BatchSerializerTests
{
    [Fact]
    public void Every_type_round_trips_with_nulls()
    {
        var schema = Schema.ParseDdl("b boolean, i int, l bigint, d double, m decimal(20,3), s string, day date, ts timestamp");
        var rows = new object?[][]
        {
            [true, 1, 10L, 1.5, 12.345m, "héllo", new DateOnly(2024, 2, 29), new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)],
            [null, null, null, null, null, null, null, null],
            [false, -7, long.MinValue, double.NaN, -0.001m, "", new DateOnly(1969, 12, 31), new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc)],
        };
        var builders = schema.Fields.Select(f => VectorBuilder.Create(f.Type)).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                builders[c].AppendValue(row[c]);
            }
        }

        var batch = new RecordBatch(schema, builders.Select(b => b.Build()).ToArray(), rows.Length);
        using var stream = new MemoryStream();
        BatchSerializer.Write(stream, batch);
        BatchSerializer.Write(stream, batch.Slice(1, 2));
        stream.Position = 0;
        var first = BatchSerializer.Read(stream, schema)!;
        var second = BatchSerializer.Read(stream, schema)!;
        Assert.Null(BatchSerializer.Read(stream, schema));
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(rows[r], first.GetRow(r));
        }

        Assert.Equal(rows[2], second.GetRow(1));
    }

    [Fact]
    public void Truncated_stream_is_reported_as_corrupt()
    {
        var schema = Schema.ParseDdl("i int");
        var batch = new RecordBatch(schema, [new PrimitiveVector<int>(DataType.Int32, [1, 2, 3])], 3);
        using var stream = new MemoryStream();
        BatchSerializer.Write(stream, batch);
        var bytes = stream.ToArray()[..^2];
        Assert.Throws<InvalidDataException>(() => BatchSerializer.Read(new MemoryStream(bytes), schema));
    }

    [Theory]
    [InlineData("id int, price decimal(15,2), name string", 3)]
    [InlineData("a bigint not null", 1)]
    public void Ddl_parses(string ddl, int count)
    {
        var schema = Schema.ParseDdl(ddl);
        Assert.Equal(count, schema.Count);
        Assert.Equal(schema, Schema.ParseDdl(schema.ToDdl() + (ddl.Contains("not null", StringComparison.Ordinal) ? " not null" : "")));
    }

    [Fact]
    public void Unknown_type_in_ddl_names_the_entry()
    {
        var e = Assert.Throws<FormatException>(() => Schema.ParseDdl("id int, name strng"));
        Assert.Contains("strng", e.Message, StringComparison.Ordinal);
    }
}
