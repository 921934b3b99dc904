using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Errors;

namespace Kiln.DataSources.Tests;

public sealed class CsvReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly Schema AllTypes = Schema.ParseDdl("i int, l bigint, d double, m decimal(10,2), b boolean, dt date, ts timestamp, s string");

    [Fact]
    public void Parses_every_type_from_utf8()
    {
        var path = _dir.File("a.csv",
            "1,9000000000,1.5,12.34,true,2024-02-29,2024-02-29 13:14:15.123456,héllo\n"
            + "-2,-1,NaN,-0.5,FALSE,1969-12-31,1970-01-01 00:00:00,\"a,b\"\n"
            + "3,0,-Infinity,7,True,2000-01-01,2000-01-01 00:00:01.5,\"say \"\"hi\"\"\"\n");
        var rows = Read.Csv(path, AllTypes);
        Assert.Equal(
            "1|9000000000|1.5|12.34|True|2024-02-29|2024-02-29 13:14:15.123456|héllo\n"
            + "-2|-1|NaN|-0.50|False|1969-12-31|1970-01-01 00:00:00.000000|a,b\n"
            + "3|0|-Infinity|7.00|True|2000-01-01|2000-01-01 00:00:01.500000|say \"hi\"",
            Read.Show(rows));
    }

    [Fact]
    public void Empty_unquoted_field_is_null_and_quoted_empty_is_empty_string()
    {
        var path = _dir.File("a.csv", ",\"\"\n\"\",\n");
        var rows = Read.Csv(path, Schema.ParseDdl("a string, b string"));
        Assert.Equal("NULL|\n|NULL", Read.Show(rows));
        Assert.Equal(string.Empty, rows[0][1]);
    }

    [Fact]
    public void NullValue_option_reads_that_text_as_null()
    {
        var path = _dir.File("a.csv", "NA,1\nx,NA\n");
        var rows = Read.Csv(path, Schema.ParseDdl("a string, b int"), CsvOptions.Parse(new Dictionary<string, string> { ["nullvalue"] = "NA" }));
        Assert.Equal("NULL|1\nx|NULL", Read.Show(rows));
    }

    [Fact]
    public void Header_is_skipped_and_blank_lines_ignored()
    {
        var path = _dir.File("a.csv", "a,b\n\n1,2\n\n3,4");
        var rows = Read.Csv(path, Schema.ParseDdl("a int, b int"), new CsvOptions { Header = true });
        Assert.Equal("1|2\n3|4", Read.Show(rows));
    }

    [Fact]
    public void Crlf_bom_and_missing_trailing_newline()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("x,y\r\n1,\"a\"\r\n2,b"u8.ToArray()).ToArray();
        var path = _dir.FileBytes("a.csv", bytes);
        var schema = CsvSchemaInference.Infer([path], new CsvOptions { Header = true, InferSchema = true });
        Assert.Equal("x int, y string", schema.ToDdl());
        Assert.Equal("1|a\n2|b", Read.Show(Read.Csv(path, schema, new CsvOptions { Header = true })));
    }

    [Fact]
    public void Custom_delimiter_quote_and_escape()
    {
        var path = _dir.File("a.csv", "'a;b';'it\\'s';c\n");
        var options = CsvOptions.Parse(new Dictionary<string, string> { ["sep"] = ";", ["quote"] = "'", ["escape"] = "\\" });
        Assert.Equal("a;b|it's|c", Read.Show(Read.Csv(path, Schema.ParseDdl("a string, b string, c string"), options)));
    }

    [Fact]
    public void Tab_delimiter_is_accepted_as_escape_sequence()
    {
        var path = _dir.File("a.tsv", "1\t2\n");
        var options = CsvOptions.Parse(new Dictionary<string, string> { ["delimiter"] = "\\t" });
        Assert.Equal("1|2", Read.Show(Read.Csv(path, Schema.ParseDdl("a int, b int"), options)));
    }

    [Fact]
    public void MultiLine_keeps_newlines_delimiters_and_quotes_inside_quotes()
    {
        var path = _dir.File("a.csv", "1,\"line1\nline2, still \"\"quoted\"\"\r\nend\"\n2,plain\r\n");
        var options = new CsvOptions { MultiLine = true };
        var rows = Read.Csv(path, Schema.ParseDdl("id int, s string"), options);
        Assert.Equal(2, rows.Count);
        Assert.Equal("line1\nline2, still \"quoted\"\r\nend", rows[0][1]);
        Assert.Equal("plain", rows[1][1]);
    }

    [Fact]
    public void MultiLine_failfast_reports_the_physical_line_after_an_embedded_newline()
    {
        var path = _dir.File("a.csv", "1,\"a\nb\"\nx,c\n");
        var ex = Assert.Throws<MalformedRecordException>(() => Read.Csv(path, Schema.ParseDdl("id int, s string"), new CsvOptions { MultiLine = true, Mode = ParseMode.FailFast }));
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Decimal_is_exact_rounds_half_up_and_overflow_is_malformed()
    {
        var path = _dir.File("a.csv", "0.005\n-0.005\n99999999.99\n100000000\n1e2\n12345678901234567890.123\n");
        var rows = Read.Csv(path, Schema.ParseDdl("m decimal(10,2)"));
        Assert.Equal("0.01\n-0.01\n99999999.99\nNULL\n100.00\nNULL", Read.Show(rows));
        var wide = Read.Csv(path, Schema.ParseDdl("m decimal(38,3)"));
        Assert.Equal(12345678901234567890.123m, wide[5][0]);
    }

    [Fact]
    public void Projection_materializes_only_requested_columns_in_requested_order()
    {
        var path = _dir.File("a.csv", "1,x,notanumber\n2,y,5\n");
        var schema = Schema.ParseDdl("a int, b string, c int");
        using var reader = new CsvSplitReader(Files.FileSplit.WholeFile(path), schema, new CsvOptions { Mode = ParseMode.FailFast }, 16, [1, 0]);
        Assert.Equal("b string, a int", reader.Schema.ToDdl());
        Assert.Equal("x|1\ny|2", Read.Show(Read.All(reader)));
    }

    [Fact]
    public void Empty_projection_counts_rows()
    {
        var path = _dir.File("a.csv", "1,2\n3,4\n5,6\n");
        var batch = Read.Single(new CsvSplitReader(Files.FileSplit.WholeFile(path), Schema.ParseDdl("a int, b int"), CsvOptions.Default, 16, []));
        Assert.Equal(3, batch.RowCount);
        Assert.Empty(batch.Columns);
    }

    [Fact]
    public void Batches_respect_batch_size()
    {
        var path = _dir.File("a.csv", string.Concat(Enumerable.Range(0, 25).Select(i => $"{i}\n")));
        using var reader = new CsvSplitReader(Files.FileSplit.WholeFile(path), Schema.ParseDdl("a int"), CsvOptions.Default, 10);
        var sizes = new List<int>();
        while (reader.ReadBatch() is { } b)
        {
            sizes.Add(b.RowCount);
        }

        Assert.Equal([10, 10, 5], sizes);
    }

    [Fact]
    public void Permissive_nulls_bad_fields_and_fills_corrupt_record_column()
    {
        var path = _dir.File("a.csv", "1,x\nbad,y\n3\n4,z,extra\n");
        var schema = Schema.ParseDdl("a int, b string, _corrupt_record string");
        Assert.Equal("1|x|NULL\nNULL|y|bad,y\n3|NULL|3\n4|z|4,z,extra", Read.Show(Read.Csv(path, schema)));
    }

    [Fact]
    public void Corrupt_record_column_can_have_a_custom_name_and_position()
    {
        var path = _dir.File("a.csv", "1,x\nbad,y\n");
        var schema = Schema.ParseDdl("oops string, a int, b string");
        var options = CsvOptions.Parse(new Dictionary<string, string> { ["columnNameOfCorruptRecord"] = "oops" });
        Assert.Equal("NULL|1|x\nbad,y|NULL|y", Read.Show(Read.Csv(path, schema, options)));
    }

    [Fact]
    public void DropMalformed_drops_whole_records_even_mid_batch()
    {
        var path = _dir.File("a.csv", "1,x,2024-01-01\n2,y,nope\n3\n4,w,2024-01-04\n");
        var rows = Read.Csv(path, Schema.ParseDdl("a int, b string, c date"), new CsvOptions { Mode = ParseMode.DropMalformed }, batchSize: 2);
        Assert.Equal("1|x|2024-01-01\n4|w|2024-01-04", Read.Show(rows));
    }

    [Fact]
    public void FailFast_names_file_line_and_column()
    {
        var path = _dir.File("a.csv", "a,b\n1,2\n\n3,oops\n");
        var ex = Assert.Throws<MalformedRecordException>(() => Read.Csv(path, Schema.ParseDdl("a int, b int"), new CsvOptions { Header = true, Mode = ParseMode.FailFast }));
        Assert.Equal(path, ex.Path);
        Assert.Equal(4, ex.Line);
        Assert.Equal("b", ex.Column);
        Assert.Equal(2, ex.ColumnIndex);
        Assert.Equal("oops", ex.Value);
        Assert.Contains("line 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 'b' (#2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailFast_on_missing_fields_names_the_first_missing_column()
    {
        var path = _dir.File("a.csv", "1,2,3\n4,5\n");
        var ex = Assert.Throws<MalformedRecordException>(() => Read.Csv(path, Schema.ParseDdl("a int, b int, c int"), new CsvOptions { Mode = ParseMode.FailFast }));
        Assert.Equal(2, ex.Line);
        Assert.Equal("c", ex.Column);
        Assert.Equal(3, ex.ColumnIndex);
    }

    [Fact]
    public void FailFast_in_a_later_split_reports_the_file_line()
    {
        var lines = Enumerable.Range(1, 500).Select(i => i == 437 ? "x437,1" : $"{i},1").ToList();
        var path = _dir.File("a.csv", string.Join("\n", lines) + "\n");
        var length = new FileInfo(path).Length;
        var ex = Assert.Throws<MalformedRecordException>(() =>
        {
            foreach (var split in Files.FileSplitPlanner.PlanWithSplitSize([path], [length], 512))
            {
                if (split.Start > 0)
                {
                    Read.All(new CsvSplitReader(split, Schema.ParseDdl("a int, b int"), new CsvOptions { Mode = ParseMode.FailFast }));
                }
            }
        });
        Assert.Equal(437, ex.Line);
        Assert.Equal("a", ex.Column);
    }

    [Fact]
    public void Custom_date_and_timestamp_formats()
    {
        var path = _dir.File("a.csv", "31/12/2023,2023-12-31T23:59:58.25Z\n");
        var options = CsvOptions.Parse(new Dictionary<string, string> { ["dateFormat"] = "dd/MM/yyyy", ["timestampFormat"] = "yyyy-MM-dd'T'HH:mm:ss[.SSS]'Z'" });
        Assert.Equal("2023-12-31|2023-12-31 23:59:58.250000", Read.Show(Read.Csv(path, Schema.ParseDdl("d date, t timestamp"), options)));
    }

    [Fact]
    public void Invalid_dates_are_malformed()
    {
        var path = _dir.File("a.csv", "2023-02-29\n2024-13-01\n2024-1-01\n");
        Assert.Equal("NULL\nNULL\nNULL", Read.Show(Read.Csv(path, Schema.ParseDdl("d date"))));
    }

    [Fact]
    public void Integers_out_of_range_are_malformed()
    {
        var path = _dir.File("a.csv", "2147483647,9223372036854775807\n2147483648,9223372036854775808\n-2147483648,-9223372036854775808\n");
        Assert.Equal("2147483647|9223372036854775807\nNULL|NULL\n-2147483648|-9223372036854775808", Read.Show(Read.Csv(path, Schema.ParseDdl("a int, b bigint"))));
    }

    [Fact]
    public void Unterminated_quote_is_malformed()
    {
        var path = _dir.File("a.csv", "1,\"abc\n2,ok\n");
        var rows = Read.Csv(path, Schema.ParseDdl("a int, b string"), new CsvOptions { Mode = ParseMode.DropMalformed });
        Assert.Equal("2|ok", Read.Show(rows));
    }

    [Fact]
    public void Long_records_larger_than_a_block_are_read_whole()
    {
        var big = new string('x', 3 << 20);
        var path = _dir.File("a.csv", $"1,{big}\n2,y\n");
        var rows = Read.Csv(path, Schema.ParseDdl("a int, b string"));
        Assert.Equal(big, rows[0][1]);
        Assert.Equal("y", rows[1][1]);
    }
}
