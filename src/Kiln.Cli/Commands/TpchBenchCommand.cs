using System.Diagnostics;
using System.Globalization;
using Kiln.TpcH;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench tpch --data DIR [--runs N] [--queries q01,q05,...] [--timeout SECONDS]</c>: registers the TPC-H tables
/// of a generated directory and runs each query RUNS times, printing <c>qNN run=R elapsed_ms=N rows=N</c> per run (time
/// measured in this process: planning and execution, not start-up), <c>qNN run=R error="..."</c> for a query that
/// fails, and finally <c>peak_working_set_mb=N</c>. bench/tpch.sh runs the same queries in DuckDB and compares.
/// </summary>
public static class TpchBenchCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--data", "--runs", "--queries", "--timeout");
        var data = cli.Option("--data") ?? throw new CliUsageException("bench tpch needs --data DIR (make one with 'kiln datagen tpch --sf 1 --out DIR')");
        var runs = PositiveInt(cli, "--runs", 3);
        var timeout = TimeSpan.FromSeconds(PositiveInt(cli, "--timeout", 3600));
        var queries = Queries(cli.Option("--queries"));

        var (session, progress) = SessionFactory.Create(cli);
        using (session)
        using (progress)
        {
            TpchTables.Register(session, data);
            foreach (var number in queries)
            {
                var name = TpchQueries.Name(number);
                var sql = TpchQueries.Get(number);
                for (var run = 1; run <= runs; run++)
                {
                    using var cancel = new CancellationTokenSource(timeout);
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        var batches = session.Sql(sql).CollectBatchesAsync(cancel.Token).GetAwaiter().GetResult();
                        var rows = batches.Sum(b => b.RowCount);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} run={run} elapsed_ms={clock.ElapsedMilliseconds} rows={rows}"));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        var message = e is OperationCanceledException ? $"timed out after {timeout.TotalSeconds:F0} s" : Root(e).Message;
                        output.WriteLine($"{name} run={run} error=\"{message.ReplaceLineEndings(" ").Replace("\"", "'", StringComparison.Ordinal)}\"");
                        break;
                    }

                    output.Flush();
                }
            }
        }

        using var self = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak_working_set_mb={self.PeakWorkingSet64 / (1024 * 1024)}"));
        return 0;
    }

    private static Exception Root(Exception e) => e is AggregateException { InnerException: { } inner } ? Root(inner) : e.InnerException is Common.Errors.KilnException k ? k : e;

    private static int PositiveInt(CliArgs cli, string option, int fallback)
    {
        var text = cli.Option(option);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new CliUsageException($"{option} takes a positive whole number, not '{text}'");
    }

    private static IReadOnlyList<int> Queries(string? list)
    {
        if (list is null)
        {
            return TpchQueries.Numbers.ToArray();
        }

        return list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => TpchQueries.TryParse(q, out var n) ? n : throw new CliUsageException($"'{q}' is not a TPC-H query; use q1 .. q22"))
            .ToArray();
    }
}
