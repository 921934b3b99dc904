using Kiln.Cli.Examples;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln run [sales] [--rows N]</c>: runs a bundled example job.</summary>
public static class RunCommand
{
    public static int Run(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        cli.Allow("--rows");
        var example = cli.Positionals.Count > 0 ? cli.Positionals[0] : "sales";
        var rows = cli.Option("--rows") is { } r
            ? long.TryParse(r, out var n) && n > 0 ? n : throw new CliUsageException($"--rows takes a positive whole number, not '{r}'")
            : 200_000;
        var (session, progress) = SessionFactory.Create(cli);
        using (session)
        using (progress)
        {
            return example switch
            {
                "sales" => SalesExample.Run(session, rows, output),
                _ => throw new CliUsageException($"unknown example '{example}'; the bundled examples are: sales"),
            };
        }
    }
}
