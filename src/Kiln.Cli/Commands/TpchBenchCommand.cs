using System.Diagnostics;
using System.Globalization;
using Kiln.TpcH;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench tpch --data DIR [--runs N] [--queries q01,q05,...] [--timeout SECONDS] [--check ANSWERS]</c>: registers
/// the TPC-H tables of a generated directory and runs each query RUNS times, printing <c>qNN run=R elapsed_ms=N rows=N</c>
/// per run (time measured in this process: planning and execution, not start-up), <c>qNN run=R error="..."</c> for a
/// query that fails, with --check <c>qNN check=ok</c> or <c>qNN check=differs reason="..."</c> comparing the last run's
/// result with DuckDB's (<c>ANSWERS/qNN.json</c> from bench/tpch-duckdb.mjs), and finally <c>peak_working_set_mb=N</c>.
/// </summary>
public static class TpchBenchCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--data", "--runs", "--queries", "--timeout", "--check");
        var data = cli.Option("--data") ?? throw new CliUsageException("bench tpch needs --data DIR (make one with 'kiln datagen tpch --sf 1 --out DIR')");
        var runs = PositiveInt(cli, "--runs", 3);
        var timeout = TimeSpan.FromSeconds(PositiveInt(cli, "--timeout", 3600));
        var queries = Queries(cli.Option("--queries"));
        var answers = cli.Option("--check");

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
                        var frame = session.Sql(sql);
                        var batches = frame.CollectBatchesAsync(cancel.Token).GetAwaiter().GetResult();
                        var rows = batches.Sum(b => b.RowCount);
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} run={run} elapsed_ms={clock.ElapsedMilliseconds} rows={rows}"));
                        if (answers is not null && run == runs)
                        {
                            output.WriteLine($"{name} {Check(number, frame.Schema, batches, answers)}");
                        }
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        var message = e is OperationCanceledException ? $"timed out after {timeout.TotalSeconds:F0} s" : Root(e).Message;
                        output.WriteLine($"{name} run={run} error=\"{OneLine(message)}\"");
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

    /// <summary><c>check=ok</c>, or <c>check=differs reason="..."</c> naming the first difference from DuckDB's answer.</summary>
    private static string Check(int number, Common.Types.Schema schema, IReadOnlyList<Common.Batches.RecordBatch> batches, string answers)
    {
        var path = Path.Combine(answers, $"{TpchQueries.Name(number)}.json");
        if (!File.Exists(path))
        {
            return $"check=differs reason=\"no expected answer {path}\"";
        }

        var rows = batches.SelectMany(b => Enumerable.Range(0, b.RowCount).Select(r => new Row(schema, b.GetRow(r)))).ToList();
        var difference = TpchResultComparer.Difference(number, rows, schema, TpchAnswer.Load(path));
        return difference is null ? "check=ok" : $"check=differs reason=\"{OneLine(difference)}\"";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace("\"", "'", StringComparison.Ordinal);

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
