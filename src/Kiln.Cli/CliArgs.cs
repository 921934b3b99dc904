using Kiln.Common.Config;

namespace Kiln.Cli;

/// <summary>
/// Parsed command line: the command word, its positional arguments and its options. Accepts spark-submit's
/// spellings for the common flags (<c>--master</c>, <c>--conf k=v</c>, <c>--name</c>); everything else is
/// command-specific. Repeated options keep every value.
/// </summary>
public sealed class CliArgs
{
    private static readonly HashSet<string> Flags = ["--help", "-h", "--no-progress", "--verbose", "--overwrite", "-f", "--follow", "--all-namespaces"];

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    private CliArgs(string command, List<string> positionals)
    {
        Command = command;
        Positionals = positionals;
    }

    public string Command { get; }

    public IReadOnlyList<string> Positionals { get; }

    public static CliArgs Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var positionals = new List<string>();
        var parsed = new CliArgs(args.Length == 0 ? "help" : args[0], positionals);
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) || (a.StartsWith('-') && a.Length == 2))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                string name;
                string value;
                if (eq > 0 && a.StartsWith("--", StringComparison.Ordinal) && a[..eq] != "--conf")
                {
                    name = a[..eq];
                    value = a[(eq + 1)..];
                }
                else if (Flags.Contains(a))
                {
                    name = a;
                    value = "true";
                }
                else
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new CliUsageException($"option {a} needs a value");
                    }

                    name = a;
                    value = args[++i];
                }

                if (!parsed._options.TryGetValue(name, out var values))
                {
                    parsed._options[name] = values = [];
                }

                values.Add(value);
            }
            else
            {
                positionals.Add(a);
            }
        }

        return parsed;
    }

    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var v) ? v : [];

    public bool Flag(string name) => _options.ContainsKey(name);

    public IEnumerable<string> OptionNames => _options.Keys;

    /// <summary>Rejects options the command does not know, naming them.</summary>
    public void Allow(params string[] names)
    {
        var known = names.Concat(["--master", "--conf", "--name", "--help", "-h", "--no-progress", "--verbose"]).ToHashSet();
        foreach (var name in _options.Keys)
        {
            if (!known.Contains(name))
            {
                throw new CliUsageException($"unknown option {name} for 'kiln {Command}'; run 'kiln {Command} --help'");
            }
        }
    }

    /// <summary>The configuration from --master, --name and every --conf key=value, each validated.</summary>
    public KilnConf BuildConf()
    {
        var conf = new KilnConf();
        foreach (var kv in Options("--conf"))
        {
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--conf takes key=value, but got '{kv}'");
            }

            conf.Set(kv[..eq].Trim(), kv[(eq + 1)..].Trim());
        }

        if (Option("--master") is { } master)
        {
            conf.Set(ConfigKeys.Master.Key, master);
        }

        if (Option("--name") is { } name)
        {
            conf.Set(ConfigKeys.AppName.Key, name);
        }

        if (Flag("--no-progress"))
        {
            conf.Set(ConfigKeys.ShowProgress.Key, "false");
        }

        return conf;
    }
}
