using Kiln.Cli;

namespace Kiln.TpcH.Tests;

/// <summary><c>kiln datagen tpch</c> and <c>kiln bench tpch</c>: output, checks against DuckDB, and mistakes.</summary>
[Collection(TpchCollection.Name)]
public sealed class TpchCliTests(TpchDataFixture data) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"kiln-tpch-cli-{Guid.NewGuid():N}");

    [Fact]
    public async Task Datagen_writes_the_tables_and_refuses_to_overwrite_unless_asked()
    {
        var (code, output, _) = await Run("datagen", "tpch", "--sf", "0.01", "--out", _dir, "--threads", "2");
        Assert.Equal(0, code);
        Assert.Contains("lineitem", output, StringComparison.Ordinal);
        Assert.Contains("wrote TPC-H SF 0.01", output, StringComparison.Ordinal);
        Assert.Equal(0.01, TpchManifest.TryRead(_dir)!.ScaleFactor);

        var (again, _, error) = await Run("datagen", "tpch", "--sf", "0.01", "--out", _dir);
        Assert.Equal(1, again);
        Assert.Contains("exists and is not empty", error, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("datagen", "tpch", "--sf", "0.01", "--out", _dir, "--overwrite")).Code);
    }

    [Theory]
    [InlineData("--sf takes a scale factor from 0.01 to 100, not '0'", "datagen", "tpch", "--sf", "0", "--out", "x")]
    [InlineData("--sf takes a scale factor from 0.01 to 100, not 'one'", "datagen", "tpch", "--sf", "one", "--out", "x")]
    [InlineData("datagen tpch needs --out DIR", "datagen", "tpch", "--sf", "1")]
    [InlineData("'q23' is not a TPC-H query", "bench", "tpch", "--data", "x", "--queries", "q23")]
    [InlineData("bench tpch needs --data DIR", "bench", "tpch")]
    public async Task Mistakes_are_usage_errors(string message, params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_times_each_run_and_checks_the_result_against_DuckDB()
    {
        var (code, output, _) = await Run("bench", "tpch", "--data", data.DataDirectory, "--runs", "2", "--queries", "q6,q14", "--check", data.AnswersDirectory, "--master", "local[2]");
        Assert.Equal(0, code);
        var lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^q06 run=1 elapsed_ms=\d+ rows=1$", lines[0]);
        Assert.Matches(@"^q06 run=2 elapsed_ms=\d+ rows=1$", lines[1]);
        Assert.Equal("q06 check=ok", lines[2]);
        Assert.Equal("q14 check=ok", lines[5]);
        Assert.Matches(@"^peak_working_set_mb=\d+$", lines[^1]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--no-progress"], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
