using System.Text;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;

namespace Kiln.DataSources.Tests;

public sealed class WriterRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema AllTypes = Schema.ParseDdl("i int, l bigint, d double, m decimal(20,3), b boolean, dt date, ts timestamp, s string");

    private static RecordBatch Sample()
    {
        object?[][] rows =
        [
            [1, 9000000000L, 0.1, 12.345m, true, new DateOnly(2024, 2, 29), new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(1234560), "plain"],
            [-2, long.MinValue, double.NaN, -0.001m, false, new DateOnly(1, 1, 1), new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(5000000), "a,b \"q\"\nline2\r\n"],
            [null, null, null, null, null, null, null, null],
            [int.MaxValue, 0L, double.NegativeInfinity, 99999999999999999.999m, true, new DateOnly(9999, 12, 31), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), string.Empty],
            [0, 1L, 1e300, 0m, false, new DateOnly(1970, 1, 1), new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(10), "ünï\tcödé ✓ \\ {\"json\"}"],
            [3, 2L, 5.0, -7.5m, true, new DateOnly(2000, 3, 1), new DateTime(2000, 3, 1, 0, 0, 0, DateTimeKind.Utc), "NULL"],
        ];
        var builders = AllTypes.Fields.Select(f => VectorBuilder.Create(f.Type)).ToArray();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                builders[c].AppendValue(row[c]);
            }
        }

        return new RecordBatch(AllTypes, builders.Select(b => b.Build()).ToArray(), rows.Length);
    }

    [Theory]
    [InlineData(false, ",")]
    [InlineData(true, ";")]
    public void Csv_round_trips_every_type_including_nulls_and_empty_strings(bool header, string delimiter)
    {
        var batch = Sample();
        var options = new CsvOptions { Header = header, Delimiter = delimiter[0], MultiLine = true };
        var path = _dir.Combine("a.csv");
        using (var writer = new CsvWriter(File.Create(path), AllTypes, options))
        {
            writer.Write(batch);
            Assert.Equal(batch.RowCount, writer.RowsWritten);
        }

        var rows = Read.Csv(path, AllTypes, options);
        Assert.Equal(Read.Show(Enumerable.Range(0, batch.RowCount).Select(batch.GetRow)), Read.Show(rows));
        Assert.Equal(string.Empty, rows[3][7]);
        Assert.Null(rows[2][7]);
    }

    [Fact]
    public void Csv_writer_quotes_only_when_needed_and_formats_values()
    {
        var batch = Sample();
        var stream = new MemoryStream();
        using (var writer = new CsvWriter(stream, AllTypes, new CsvOptions { Header = true }, leaveOpen: true))
        {
            writer.Write(batch.Slice(0, 3));
        }

        var text = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Equal(
            "i,l,d,m,b,dt,ts,s\n"
            + "1,9000000000,0.1,12.345,true,2024-02-29,2024-02-29 13:14:15.123456,plain\n"
            + "-2,-9223372036854775808,NaN,-0.001,false,0001-01-01,1969-12-31 23:59:59.5,\"a,b \"\"q\"\"\nline2\r\n\"\n"
            + ",,,,,,,\n",
            text);
    }

    [Fact]
    public void Csv_writer_nullValue_and_custom_escape()
    {
        var schema = Schema.ParseDdl("s string");
        var b = new StringVectorBuilder();
        b.Append("NA");
        b.AppendNull();
        b.Append("it's");
        var batch = new RecordBatch(schema, [b.Build()], 3);
        var options = new CsvOptions { NullValue = "NA", Quote = '\'', Escape = '\\' };
        var path = _dir.Combine("n.csv");
        using (var writer = new CsvWriter(File.Create(path), schema, options))
        {
            writer.Write(batch);
        }

        Assert.Equal("'NA'\nNA\n'it\\'s'\n", File.ReadAllText(path));
        Assert.Equal("NA\nNULL\nit's", Read.Show(Read.Csv(path, schema, options)));
    }

    [Fact]
    public void Json_lines_round_trip_every_type_and_omit_nulls()
    {
        var batch = Sample();
        var path = _dir.Combine("a.json");
        using (var writer = new JsonLinesWriter(File.Create(path), AllTypes))
        {
            writer.Write(batch.Slice(0, 3));
            writer.Write(batch.Slice(3, 3));
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal("{}", lines[2]);
        Assert.Equal("{\"i\":1,\"l\":9000000000,\"d\":0.1,\"m\":12.345,\"b\":true,\"dt\":\"2024-02-29\",\"ts\":\"2024-02-29 13:14:15.123456\",\"s\":\"plain\"}", lines[0]);
        var rows = Read.All(new JsonLinesSplitReader(FileSplit.WholeFile(path), AllTypes, new JsonOptions { Mode = ParseMode.FailFast }));
        Assert.Equal(Read.Show(Enumerable.Range(0, batch.RowCount).Select(batch.GetRow)), Read.Show(rows));
        Assert.Equal(AllTypes.Names, JsonSchemaInference.Infer([path], JsonOptions.Default).Names);
    }

    [Fact]
    public void Large_writes_cross_the_output_buffer()
    {
        var schema = Schema.ParseDdl("id bigint, s string");
        var ids = new PrimitiveVectorBuilder<long>(DataType.Int64);
        var s = new StringVectorBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            ids.Append(i);
            s.Append($"value-{i}-{new string('x', i % 50)}");
        }

        var batch = new RecordBatch(schema, [ids.Build(), s.Build()], 50_000);
        var path = _dir.Combine("big.csv");
        using (var writer = new CsvWriter(File.Create(path), schema, CsvOptions.Default))
        {
            writer.Write(batch);
        }

        var rows = Read.Csv(path, schema, batchSize: 4096);
        Assert.Equal(50_000, rows.Count);
        Assert.Equal(49_999L, rows[^1][0]);
        Assert.Equal($"value-49999-{new string('x', 49)}", rows[^1][1]);
    }
}
