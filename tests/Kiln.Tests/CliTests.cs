using Kiln.Cli;

namespace Kiln.Tests;

/// <summary>The kiln command line: output formats, and one clear message with the right exit code for each kind of mistake.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiln-cli-tests", Guid.NewGuid().ToString("N"));

    public CliTests()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "t.csv"), "name,qty\nann,3\nbob,5\n\"c, d\",7\n");
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--no-progress"], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sql_prints_csv_with_a_header_and_quoting()
    {
        var (code, output, _) = await Run("sql", "SELECT name, qty * 2 AS twice FROM t ORDER BY qty", "--table", $"t={_dir}/t.csv", "--format", "csv", "--master", "local[2]");
        Assert.Equal(0, code);
        Assert.Equal("name,twice\nann,6\nbob,10\n\"c, d\",14\n", output.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sql_prints_json_lines()
    {
        var (code, output, _) = await Run("sql", "SELECT sum(qty) AS total FROM t", "--table", $"t={_dir}/t.csv", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal("{\"total\":15}", output.Trim());
    }

    [Theory]
    [InlineData(2, "unknown configuration key 'kiln.nope'", "sql", "SELECT 1", "--conf", "kiln.nope=1")]
    [InlineData(2, "unknown command 'frobnicate'", "frobnicate")]
    [InlineData(2, "unknown option --bogus", "run", "--bogus", "1")]
    [InlineData(2, "'yarn' is not a supported master", "run", "--master", "yarn")]
    [InlineData(1, "does not exist", "sql", "SELECT * FROM t", "--table", "t=/definitely/not/here.csv")]
    public async Task Mistakes_get_one_message_and_an_exit_code(int expectedCode, string message, params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_errors_point_at_the_token()
    {
        var (code, _, error) = await Run("sql", "SELECT nme FROM t", "--table", $"t={_dir}/t.csv");
        Assert.Equal(1, code);
        Assert.Contains("did you mean 'name'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, output, _) = await Run("version");
        Assert.Equal(0, code);
        Assert.StartsWith("kiln 0.1.0", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
