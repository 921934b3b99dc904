using Kiln.Common.Errors;
using Kiln.DataSources.Errors;
using static Kiln.Functions;

namespace Kiln.Tests;

/// <summary>Bad input fails with one clear message, and a failed write leaves nothing behind.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-bad-input", Guid.NewGuid().ToString("N"));
    private readonly KilnSession _session = KilnSession.Builder().Master("local[2]").GetOrCreate();

    public BadInputTests() => Directory.CreateDirectory(_dir);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Failfast_names_file_line_and_column()
    {
        var path = File("bad.csv", "id,amount\n1,2.5\n2,oops\n3,4\n");
        var df = _session.Read.Option("header", "true").Option("mode", "FAILFAST").Schema("id int, amount double").Csv(path);
        var e = Assert.ThrowsAny<KilnException>(() => df.Collect());
        var malformed = Assert.IsType<MalformedRecordException>(e is ExecutionException x ? x.InnerException : e);
        Assert.Equal(3, malformed.Line);
        Assert.Equal("amount", malformed.Column);
        Assert.Contains("bad.csv", malformed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permissive_keeps_the_corrupt_record_and_dropmalformed_drops_it()
    {
        var path = File("bad.csv", "id,amount\n1,2.5\n2,oops\n");
        var permissive = _session.Read.Option("header", "true").Schema("id int, amount double, _corrupt_record string").Csv(path).OrderBy("id").Collect();
        Assert.Equal(["[1,2.5,null]", "[2,null,2,oops]"], Rows.Of(permissive));
        var dropped = _session.Read.Option("header", "true").Option("mode", "DROPMALFORMED").Schema("id int, amount double").Csv(path).Collect();
        Assert.Single(dropped);
    }

    [Fact]
    public void Missing_path_fails_when_the_dataframe_is_created()
    {
        var e = Assert.Throws<PathNotFoundException>(() => _session.Read.Csv(Path.Combine(_dir, "nope.csv")));
        Assert.Contains("nope.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_column_fails_at_build_time_with_a_suggestion()
    {
        var df = _session.Range(5);
        var e = Assert.Throws<AnalysisException>(() => df.Select(Col("idd")));
        Assert.Contains("did you mean 'id'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_modes_error_ignore_overwrite_append()
    {
        var output = Path.Combine(_dir, "out");
        var df = _session.Range(10);
        df.Write.Csv(output);
        Assert.Throws<OutputPathExistsException>(() => df.Write.Csv(output));
        Assert.True(df.Write.Mode("ignore").Csv(output).Skipped);
        _session.Range(3).Write.Mode("overwrite").Csv(output);
        Assert.Equal(3, _session.Read.Schema("id bigint").Csv(output).Count());
        _session.Range(4).Write.Mode("append").Csv(output);
        Assert.Equal(7, _session.Read.Schema("id bigint").Csv(output).Count());
        Assert.True(System.IO.File.Exists(Path.Combine(output, "_SUCCESS")));
    }

    [Fact]
    public void A_failed_write_leaves_no_output_and_keeps_the_old_one()
    {
        var bad = File("bad.csv", "id\n1\nx\n");
        var source = _session.Read.Option("header", "true").Option("mode", "FAILFAST").Schema("id int").Csv(bad);
        var fresh = Path.Combine(_dir, "fresh");
        Assert.ThrowsAny<KilnException>(() => source.Write.Csv(fresh));
        Assert.False(Directory.Exists(fresh));

        var existing = Path.Combine(_dir, "existing");
        _session.Range(2).Write.Csv(existing);
        Assert.ThrowsAny<KilnException>(() => source.Write.Mode("overwrite").Csv(existing));
        Assert.Equal(2, _session.Read.Schema("id bigint").Csv(existing).Count());
    }

    [Fact]
    public void Explain_shows_exchanges_and_pushed_filters()
    {
        var path = File("t.csv", "a,b\n1,x\n");
        var df = _session.Read.Option("header", "true").Schema("a int, b string").Csv(path);
        var text = df.Where(Col("a") > 1 + 1).GroupBy("b").Agg(Count()).ExplainString();
        Assert.Contains("== Optimized Logical Plan ==", text, StringComparison.Ordinal);
        Assert.Contains("PushedFilter: (a@0 > 2)", text, StringComparison.Ordinal);
        Assert.Contains("Exchange hashpartitioning", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_dir, true);
    }
}
