using Kiln.DataSources.Csv;

namespace Kiln.DataSources.Tests;

public sealed class InferenceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Widens_per_column_and_all_null_is_string()
    {
        var path = _dir.File("a.csv",
            "i,l,d,b,dt,ts,s,n,mix,dts\n"
            + "1,1,1,true,2024-01-01,2024-01-01 00:00:00,x,,1,2024-01-01\n"
            + "2,9999999999,2.5,FALSE,2024-01-02,2024-01-01 00:00:00.5,1,,true,2024-01-01 10:00:00\n"
            + ",,NaN,,,,,,,\n");
        var schema = CsvSchemaInference.Infer([path], new CsvOptions { Header = true, InferSchema = true });
        Assert.Equal("i int, l bigint, d double, b boolean, dt date, ts timestamp, s string, n string, mix string, dts timestamp", schema.ToDdl());
    }

    [Fact]
    public void Without_inferSchema_all_columns_are_strings_and_names_are_positional()
    {
        var path = _dir.File("a.csv", "1,2,3\n");
        Assert.Equal("_c0 string, _c1 string, _c2 string", CsvSchemaInference.Infer([path], CsvOptions.Default).ToDdl());
    }

    [Fact]
    public void Duplicate_and_blank_header_names_are_made_unique()
    {
        var path = _dir.File("a.csv", "a,B,b,,c\n1,2,3,4,5\n");
        var schema = CsvSchemaInference.Infer([path], new CsvOptions { Header = true, InferSchema = true });
        Assert.Equal("a int, B1 int, b2 int, _c3 int, c int", schema.ToDdl());
    }

    [Fact]
    public void Sampling_ratio_reads_a_repeatable_subset()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => i == 1234 ? "oops" : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = _dir.File("a.csv", string.Join("\n", lines) + "\n");
        Assert.Equal("_c0 string", CsvSchemaInference.Infer([path], new CsvOptions { InferSchema = true }).ToDdl());
        var sampled = Enumerable.Range(0, 5).Select(_ => CsvSchemaInference.Infer([path], new CsvOptions { InferSchema = true, SamplingRatio = 0.001 }).ToDdl()).Distinct().ToList();
        Assert.Equal(["_c0 int"], sampled);
    }

    [Fact]
    public void Inference_spans_files_and_honors_nullValue()
    {
        var a = _dir.File("d/a.csv", "x\n1\nNA\n");
        var b = _dir.File("d/b.csv", "x\n2.5\n");
        var options = new CsvOptions { Header = true, InferSchema = true, NullValue = "NA" };
        Assert.Equal("x double", CsvSchemaInference.Infer([a, b], options).ToDdl());
    }
}
