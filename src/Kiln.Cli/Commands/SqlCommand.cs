using Kiln.Cli.Output;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln sql "QUERY" --table name=path[:csv|json|parquet] ... [--format table|csv|json] [--option key=value]</c>:
/// registers each file as a view (CSV with a header and inferred types unless options say otherwise) and runs the query.
/// </summary>
public static class SqlCommand
{
    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        cli.Allow("--table", "--format", "--option");
        if (cli.Positionals.Count != 1)
        {
            throw new CliUsageException("sql takes exactly one query argument (quote it)");
        }

        var format = cli.Option("--format") ?? "table";
        if (format is not ("table" or "csv" or "json"))
        {
            throw new CliUsageException($"unknown --format '{format}'; use table, csv or json");
        }

        var (session, progress) = SessionFactory.Create(cli);
        await using (session.ConfigureAwait(false))
        using (progress)
        {
            foreach (var table in cli.Options("--table"))
            {
                Register(session, table, cli.Options("--option"));
            }

            var result = session.Sql(cli.Positionals[0]);
            ResultWriter.Write(output, result, format);
        }

        return 0;
    }

    private static void Register(KilnSession session, string spec, IReadOnlyList<string> options)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new CliUsageException($"--table takes name=path[:format], but got '{spec}'");
        }

        var name = spec[..eq];
        var path = spec[(eq + 1)..];
        var format = "csv";
        var colon = path.LastIndexOf(':');
        if (colon > 0 && path[(colon + 1)..] is "csv" or "json" or "parquet")
        {
            format = path[(colon + 1)..];
            path = path[..colon];
        }
        else if (LooksLikeParquet(path))
        {
            format = "parquet";
        }

        var reader = session.Read.Format(format);
        if (format == "csv")
        {
            reader.Option("header", "true").Option("inferSchema", "true");
        }

        foreach (var option in options)
        {
            var i = option.IndexOf('=', StringComparison.Ordinal);
            if (i <= 0)
            {
                throw new CliUsageException($"--option takes key=value, but got '{option}'");
            }

            reader.Option(option[..i], option[(i + 1)..]);
        }

        session.RegisterTempView(name, reader.Load(path));
    }

    /// <summary>A path ending in .parquet, or a directory (partitioned or not) whose first data file does.</summary>
    private static bool LooksLikeParquet(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return Directory.Exists(path)
            && Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .FirstOrDefault(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('_') || p.StartsWith('.'))) is { } first
            && first.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
    }
}
