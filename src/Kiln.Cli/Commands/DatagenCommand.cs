using System.Globalization;
using Kiln.Cli.Examples;
using Kiln.TpcH;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln datagen sales --rows N --out FILE</c>: writes the synthetic sales table.
/// <c>kiln datagen tpch --sf N --out DIR [--format csv|parquet] [--overwrite] [--threads N]</c>: writes the eight TPC-H
/// tables as CSV files or as Parquet directories.
/// </summary>
public static class DatagenCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        var kind = cli.Positionals.Count > 0 ? cli.Positionals[0] : throw new CliUsageException("datagen needs a data set name: sales or tpch");
        switch (kind)
        {
            case "sales":
                return Sales(cli, output);
            case "tpch":
                return Tpch(cli, output);
            default:
                throw new CliUsageException($"unknown data set '{kind}'; available: sales, tpch");
        }
    }

    private static int Sales(CliArgs cli, TextWriter output)
    {
        cli.Allow("--rows", "--out");
        var rowsText = cli.Option("--rows") ?? "1000000";
        if (!long.TryParse(rowsText, out var rows) || rows <= 0)
        {
            throw new CliUsageException($"--rows takes a positive whole number, not '{rowsText}'");
        }

        var path = cli.Option("--out") ?? throw new CliUsageException("datagen needs --out FILE");
        SalesDataGenerator.Write(path, rows);
        output.WriteLine($"wrote {rows:N0} rows to {path}");
        return 0;
    }

    private static int Tpch(CliArgs cli, TextWriter output)
    {
        cli.Allow("--sf", "--out", "--overwrite", "--threads", "--format");
        var format = cli.Option("--format") ?? "csv";
        if (format is not ("csv" or "parquet"))
        {
            throw new CliUsageException($"--format takes csv or parquet, not '{format}'");
        }

        var sfText = cli.Option("--sf") ?? "1";
        if (!double.TryParse(sfText, NumberStyles.Float, CultureInfo.InvariantCulture, out var sf)
            || sf < TpchGenerator.MinScaleFactor || sf > TpchGenerator.MaxScaleFactor)
        {
            throw new CliUsageException($"--sf takes a scale factor from {TpchGenerator.MinScaleFactor} to {TpchGenerator.MaxScaleFactor}, not '{sfText}'");
        }

        var threadsText = cli.Option("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        if (!int.TryParse(threadsText, out var threads) || threads < 1)
        {
            throw new CliUsageException($"--threads takes a positive whole number, not '{threadsText}'");
        }

        var path = cli.Option("--out") ?? throw new CliUsageException("datagen tpch needs --out DIR");
        var result = TpchGenerator.Generate(new TpchGeneratorOptions { ScaleFactor = sf, OutputDirectory = path, Overwrite = cli.Flag("--overwrite"), Threads = threads, Format = format });
        foreach (var table in result.Manifest.Tables)
        {
            output.WriteLine($"{table.Name,-10} {table.Rows,13:N0} rows  {table.File}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote TPC-H SF {sf} to {result.Directory} in {result.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }
}
