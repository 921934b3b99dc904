using System.Diagnostics;
using Kiln.Cli.Examples;
using static Kiln.Functions;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln bench groupby|sort --input FILE [--out DIR]</c>: runs one benchmark query on the sales table and prints
/// <c>elapsed_ms=N rows=N</c>. The bench/ scripts run the same queries in DuckDB and compare. <c>kiln bench tpch</c>
/// runs the TPC-H queries (see <see cref="TpchBenchCommand"/>), <c>kiln bench tasks</c> the scheduling overhead and
/// <c>kiln bench executors</c> pod allocation on Kubernetes (see <see cref="ExecutorBenchCommand"/>), <c>kiln bench elastic</c>
/// scaling and decommission on local-cluster (see <see cref="ElasticBenchCommand"/>).
/// </summary>
public static class BenchCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        var query = cli.Positionals.Count > 0 ? cli.Positionals[0] : throw new CliUsageException("bench needs a query name: groupby, sort or tpch");
        if (query == "tpch")
        {
            return TpchBenchCommand.Run(cli, output);
        }

        if (ShuffleBenchCommand.Handles(query))
        {
            return ShuffleBenchCommand.Run(query, cli, output);
        }

        if (query == "tasks")
        {
            return TaskBenchCommand.Run(cli, output);
        }

        if (query == "executors")
        {
            return ExecutorBenchCommand.Run(cli, output);
        }

        if (query == "elastic")
        {
            return ElasticBenchCommand.Run(cli, output);
        }

        cli.Allow("--input", "--out");
        var input = cli.Option("--input") ?? throw new CliUsageException("bench needs --input FILE (make one with 'kiln datagen sales')");
        var (session, progress) = SessionFactory.Create(cli);
        using (session)
        using (progress)
        {
            var sales = session.Read.Option("header", "true").Schema(SalesDataGenerator.Ddl).Csv(input);
            var clock = Stopwatch.StartNew();
            long rows;
            switch (query)
            {
                case "groupby":
                    rows = sales.GroupBy("customer_id")
                        .Agg(Count().Alias("orders"), Sum(Col("quantity")).Alias("items"), Avg(Col("price")).Alias("avg_price"), Max(Col("order_date")).Alias("last_order"))
                        .Collect().Count;
                    break;
                case "sort":
                    var outDir = cli.Option("--out") ?? throw new CliUsageException("bench sort needs --out DIR for the sorted output");
                    var written = sales.OrderBy(Col("price").Desc(), Col("order_id")).Write.Mode("overwrite").Option("header", "true").Csv(outDir);
                    rows = written.Files.Count;
                    break;
                default:
                    throw new CliUsageException($"unknown bench query '{query}'; use groupby, sort or tpch");
            }

            output.WriteLine($"elapsed_ms={clock.ElapsedMilliseconds} rows={rows}");
        }

        return 0;
    }
}
