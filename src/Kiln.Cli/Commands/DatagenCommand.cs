using Kiln.Cli.Examples;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln datagen sales --rows N --out FILE</c>: writes the synthetic sales table.</summary>
public static class DatagenCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--rows", "--out");
        var kind = cli.Positionals.Count > 0 ? cli.Positionals[0] : throw new CliUsageException("datagen needs a data set name: sales");
        if (kind != "sales")
        {
            throw new CliUsageException($"unknown data set '{kind}'; available: sales");
        }

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
}
