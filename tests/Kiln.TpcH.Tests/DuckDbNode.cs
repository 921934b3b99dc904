using System.Diagnostics;

namespace Kiln.TpcH.Tests;

/// <summary>
/// Runs a script of bench/ under DuckDB for Node (installed in bench/node_modules by scripts/test.sh) and returns what
/// it printed. Shared by the TPC-H fixture and, linked, by the Parquet tests of Kiln.Tests.
/// </summary>
internal static class DuckDbNode
{
    /// <exception cref="InvalidOperationException">DuckDB for Node is missing, the script failed or took too long.</exception>
    public static string Run(string bench, string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        if (!Directory.Exists(Path.Combine(bench, "node_modules", "@duckdb", "node-api")))
        {
            throw new InvalidOperationException(
                "DuckDB for Node is not installed in bench/node_modules; run scripts/test.sh (which installs it) or 'npm install' in bench/");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = bench };
        start.ArgumentList.Add(Path.Combine(bench, script));
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(timeout))
        {
            node.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} took more than {timeout.TotalMinutes:0} minutes");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {node.ExitCode}): {stderr.Result}{stdout.Result}");
        }

        return stdout.Result;
    }
}
