using Kiln.Cli;
using Kiln.Common.Errors;
using Kiln.DataSources.Errors;

namespace Kiln.Tests.Parquet;

/// <summary>Truncated, foreign and corrupt files fail naming the file (and row group and column where known), or are skipped with ignoreCorruptFiles; text readers refuse Parquet files.</summary>
public sealed class ParquetBadInputTests : ParquetFixture
{
    private string GoodFile(string name, int rows = 3000)
    {
        var file = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        DuckDbFiles.Write($"SELECT range::INTEGER AS id, 'v' || range AS s FROM range(0, {rows})", file, codec: "uncompressed", rowGroupSize: 1024);
        return file;
    }

    private static T Unwrap<T>(Action action)
        where T : Exception
    {
        var e = Assert.ThrowsAny<Exception>(action);
        return Assert.IsType<T>(e is ExecutionException x ? x.InnerException : e);
    }

    [Fact]
    public void A_truncated_file_names_the_file_and_can_be_skipped()
    {
        var good = GoodFile("t/good.parquet");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(PathOf("t/truncated.parquet"), bytes[..(bytes.Length / 2)]);

        var e = Unwrap<CorruptFileException>(() => Session.Read.Parquet(PathOf("t")).Collect());
        Assert.EndsWith("truncated.parquet", e.Path, StringComparison.Ordinal);
        Assert.Contains("ignoreCorruptFiles", e.Message, StringComparison.Ordinal);

        var rows = Session.Read.Option("ignoreCorruptFiles", "true").Parquet(PathOf("t")).Collect();
        Assert.Equal(3000, rows.Count);
        Assert.Equal(1, Session.LastJobMetrics.CorruptFilesSkipped);
    }

    [Fact]
    public void A_file_that_is_not_parquet_names_the_file()
    {
        Directory.CreateDirectory(PathOf("n"));
        File.WriteAllText(PathOf("n/data.parquet"), "id,s\n1,a\n2,b\n");
        var e = Assert.Throws<CorruptFileException>(() => Session.Read.Parquet(PathOf("n/data.parquet")));
        Assert.EndsWith("data.parquet", e.Path, StringComparison.Ordinal);
        Assert.Contains("magic bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_footer_names_the_file()
    {
        var file = GoodFile("footer.parquet");
        var bytes = File.ReadAllBytes(file);
        var footerLength = BitConverter.ToInt32(bytes, bytes.Length - 8);
        Array.Fill(bytes, (byte)0xEE, bytes.Length - 8 - footerLength, footerLength);
        File.WriteAllBytes(file, bytes);
        var e = Assert.Throws<CorruptFileException>(() => Session.Read.Parquet(file));
        Assert.Equal(file, e.Path);
        Assert.Null(e.RowGroup);
    }

    [Fact]
    public void A_corrupt_page_names_the_file_row_group_and_column()
    {
        var file = GoodFile("page.parquet");
        var bytes = File.ReadAllBytes(file);
        Array.Fill(bytes, (byte)0xEE, 4, 24); // the first page header: row group 0, column id
        File.WriteAllBytes(file, bytes);
        var e = Unwrap<CorruptFileException>(() => Session.Read.Parquet(file).Collect());
        Assert.Equal(file, e.Path);
        Assert.Equal(0, e.RowGroup);
        Assert.Equal("id", e.Column);
        Assert.Contains("row group 0, column 'id'", e.Message, StringComparison.Ordinal);

        var rest = Session.Read.Option("ignoreCorruptFiles", "true").Parquet(file).Collect();
        Assert.True(rest.Count < 3000, "the corrupt row group's rows are skipped");
        Assert.DoesNotContain(rest, r => (int)r[0]! == 0);
        Assert.Equal(1, Session.LastJobMetrics.CorruptFilesSkipped);
    }

    [Fact]
    public void Text_readers_refuse_a_parquet_file_with_a_hint()
    {
        var file = GoodFile("x.dat");
        var e = Assert.Throws<WrongFileFormatException>(() => Session.Read.Option("header", "true").Csv(file));
        Assert.Equal("parquet", e.DetectedFormat);
        Assert.Contains("Read.Parquet", e.Message, StringComparison.Ordinal);
        Assert.Throws<WrongFileFormatException>(() => Session.Read.Json(file));
    }

    [Fact]
    public async Task Kiln_sql_reads_a_parquet_table_by_extension_or_suffix()
    {
        var file = GoodFile("cli.parquet", rows: 300_000);
        var renamed = PathOf("cli.bin");
        File.Copy(file, renamed);
        foreach (var table in new[] { $"t={file}", $"t={renamed}:parquet" })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliApp.RunAsync(["sql", "SELECT count(*) AS n, max(id) AS m FROM t", "--table", table, "--format", "csv", "--no-progress", "--master", "local[2]"], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Equal("n,m\n300000,299999\n", output.ToString().Replace("\r", "", StringComparison.Ordinal));
        }

        using var err = new StringWriter();
        var csvCode = await CliApp.RunAsync(["sql", "SELECT count(*) FROM t", "--table", $"t={renamed}", "--no-progress"], new StringWriter(), err);
        Assert.NotEqual(0, csvCode);
        Assert.Contains("is a parquet file", err.ToString(), StringComparison.Ordinal);
    }
}
