using System.Diagnostics;
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

    private static TpchAnswer Run(string[] statements)
    {
        if (!Directory.Exists(Path.Combine(Bench, "node_modules", "@duckdb", "node-api")))
        {
            throw new InvalidOperationException("DuckDB for Node is not installed in bench/node_modules; run scripts/test.sh (which installs it) or 'npm install' in bench/");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Bench };
        start.ArgumentList.Add(Path.Combine(Bench, "duckdb-sql.mjs"));
        foreach (var s in statements)
        {
            start.ArgumentList.Add(s);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException("DuckDB took more than 5 minutes");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"duckdb-sql.mjs failed (exit {node.ExitCode}): {stderr.Result}");
        }

        return JsonSerializer.Deserialize<TpchAnswer>(stdout.Result) ?? throw new InvalidDataException("no output from duckdb-sql.mjs");
    }

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
