using System.Text.Json;
using Kiln.TpcH;

namespace Kiln.Tests.Parquet;

/// <summary>
/// DuckDB, the oracle for Parquet files: runs SQL statements in one in-memory database through bench/duckdb-sql.mjs
/// (DuckDB for Node, installed in bench/node_modules by scripts/test.sh) and returns the last statement's result with
/// every value as exact text (timestamps as microseconds since the epoch).
/// </summary>
internal static class DuckDb
{
    private static readonly string Bench = FindBench();

    /// <summary>The result of the last statement; fails the test with DuckDB's message when a statement fails.</summary>
    public static TpchAnswer Query(params string[] statements)
    {
        var answer = Run(statements);
        Assert.True(answer.Error is null, $"DuckDB failed: {answer.Error}");
        return answer;
    }

    /// <summary>Runs statements for their effect (writing files).</summary>
    public static void Execute(params string[] statements) => Query([.. statements, "SELECT 1"]);

    /// <summary>A SQL string literal.</summary>
    public static string Text(string s) => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'";

    private static TpchAnswer Run(string[] statements) =>
        JsonSerializer.Deserialize<TpchAnswer>(Kiln.TpcH.Tests.DuckDbNode.Run(Bench, "duckdb-sql.mjs", statements, TimeSpan.FromMinutes(5)))
            ?? throw new InvalidDataException("no output from duckdb-sql.mjs");

    private static string FindBench()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kiln.sln")))
            {
                return Path.Combine(dir.FullName, "bench");
            }
        }

        throw new InvalidOperationException($"cannot find the repository root (Kiln.sln) above {AppContext.BaseDirectory}");
    }
}
