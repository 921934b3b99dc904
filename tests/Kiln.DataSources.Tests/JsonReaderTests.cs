using Kiln.Common.Types;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;

namespace Kiln.DataSources.Tests;

public sealed class JsonReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<object?[]> ReadJson(string path, Schema schema, JsonOptions? options = null, IReadOnlyList<int>? projection = null) =>
        Read.All(new JsonLinesSplitReader(FileSplit.WholeFile(path), schema, options ?? JsonOptions.Default, 3, projection));

    [Fact]
    public void Matches_fields_by_name_exact_then_ignoring_case_and_missing_is_null()
    {
        var path = _dir.File("a.json", "{\"b\":\"x\",\"a\":1}\n{\"A\":2}\n{\"a\":3,\"extra\":{\"n\":[1,2]},\"b\":null}\n");
        Assert.Equal("1|x\n2|NULL\n3|NULL", Read.Show(ReadJson(path, Schema.ParseDdl("a int, b string"))));
    }

    [Fact]
    public void Converts_every_type_and_keeps_nested_json_as_text_for_strings()
    {
        var path = _dir.File("a.json",
            "{\"i\":1,\"l\":9000000000,\"d\":1.5e2,\"m\":\"12.345\",\"b\":true,\"dt\":\"2024-02-29\",\"ts\":\"2024-02-29 01:02:03.5\",\"s\":{\"k\": [1, \"\\u00e9\"]}}\n"
            + "{\"d\":\"NaN\",\"m\":-0.5,\"s\":\"caf\\u00e9 \\\"q\\\"\\n\"}\n"
            + "{\"d\":7,\"s\":42}\n");
        var rows = ReadJson(path, Schema.ParseDdl("i int, l bigint, d double, m decimal(10,2), b boolean, dt date, ts timestamp, s string"));
        Assert.Equal(
            "1|9000000000|150|12.35|True|2024-02-29|2024-02-29 01:02:03.500000|{\"k\": [1, \"\\u00e9\"]}\n"
            + "NULL|NULL|NaN|-0.50|NULL|NULL|NULL|café \"q\"\n\n"
            + "NULL|NULL|7|NULL|NULL|NULL|NULL|42",
            Read.Show(rows));
    }

    [Fact]
    public void Permissive_nulls_bad_values_and_keeps_the_raw_line()
    {
        var path = _dir.File("a.json", "{\"a\":1}\n{\"a\":1.5}\n{not json\n[1]\n");
        var rows = ReadJson(path, Schema.ParseDdl("a int, _corrupt_record string"));
        Assert.Equal("1|NULL\nNULL|{\"a\":1.5}\nNULL|{not json\nNULL|[1]", Read.Show(rows));
    }

    [Fact]
    public void DropMalformed_skips_bad_lines()
    {
        var path = _dir.File("a.json", "{\"a\":1,\"b\":\"x\"}\n{\"a\":\"zz\",\"b\":\"y\"}\n{\"a\":\n{\"a\":4}\n");
        var rows = ReadJson(path, Schema.ParseDdl("a int, b string"), new JsonOptions { Mode = ParseMode.DropMalformed });
        Assert.Equal("1|x\n4|NULL", Read.Show(rows));
    }

    [Fact]
    public void FailFast_reports_line_and_column()
    {
        var path = _dir.File("a.json", "{\"a\":1,\"b\":\"2024-01-01\"}\n\n{\"a\":2,\"b\":\"01/02/2024\"}\n");
        var ex = Assert.Throws<MalformedRecordException>(() => ReadJson(path, Schema.ParseDdl("a int, b date"), new JsonOptions { Mode = ParseMode.FailFast }));
        Assert.Equal(3, ex.Line);
        Assert.Equal("b", ex.Column);
        Assert.Equal(2, ex.ColumnIndex);
        Assert.Equal("01/02/2024", ex.Value);
        var bad = _dir.File("b.json", "{\"a\":1}\n{\"a\":\n");
        var ex2 = Assert.Throws<MalformedRecordException>(() => ReadJson(bad, Schema.ParseDdl("a int"), new JsonOptions { Mode = ParseMode.FailFast }));
        Assert.Equal(2, ex2.Line);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex2.InnerException);
    }

    [Fact]
    public void Splits_give_the_same_rows_as_one_split()
    {
        var lines = Enumerable.Range(0, 40).Select(i => $"{{\"id\":{i},\"s\":\"v{i} \\\"x\\\" ü\"}}");
        var path = _dir.File("a.json", string.Join("\n", lines) + "\n");
        var schema = Schema.ParseDdl("id int, s string");
        var whole = Read.Show(ReadJson(path, schema));
        var length = new FileInfo(path).Length;
        for (long size = 1; size < length + 2; size += 3)
        {
            var rows = FileSplitPlanner.PlanWithSplitSize([path], [length], size)
                .SelectMany(s => Read.All(new JsonLinesSplitReader(s, schema, JsonOptions.Default, 5)));
            Assert.Equal(whole, Read.Show(rows));
        }
    }

    [Fact]
    public void Infers_union_of_keys_in_first_seen_order_with_widening()
    {
        var path = _dir.File("a.json",
            "{\"a\":1,\"b\":\"x\"}\n{\"c\":true,\"a\":10000000000,\"d\":null}\n{\"a\":1.5,\"e\":[1],\"f\":{\"g\":1}}\n{\"h\":1,\"b\":2}\n");
        var schema = JsonSchemaInference.Infer([path], JsonOptions.Default);
        Assert.Equal("a double, b string, c boolean, d string, e string, f string, h int", schema.ToDdl());
    }

    [Fact]
    public void Inference_adds_corrupt_record_column_when_lines_are_malformed()
    {
        var path = _dir.File("a.json", "{\"a\":1}\nnope\n");
        Assert.Equal("a int, _corrupt_record string", JsonSchemaInference.Infer([path], JsonOptions.Default).ToDdl());
        Assert.Equal("a int", JsonSchemaInference.Infer([path], new JsonOptions { Mode = ParseMode.DropMalformed }).ToDdl());
    }

    [Fact]
    public void Projection_reads_only_requested_columns()
    {
        var path = _dir.File("a.json", "{\"a\":1,\"b\":\"x\",\"c\":true}\n");
        Assert.Equal("True|1", Read.Show(ReadJson(path, Schema.ParseDdl("a int, b string, c boolean"), projection: [2, 0])));
    }
}
