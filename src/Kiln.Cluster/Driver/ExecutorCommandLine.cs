using System.Runtime.InteropServices;
using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Driver;

/// <summary>
/// How the driver runs the <c>kiln</c> command line to start an executor: <c>dotnet Kiln.Cli.dll executor ...</c>,
/// or an executable (the <c>kiln</c> script, an apphost) given explicitly. The command line is looked up in order:
/// <list type="number">
///   <item><c>kiln.executor.cli</c>, then the <see cref="Variable"/> environment variable: a Kiln.Cli.dll or an executable;</item>
///   <item>Kiln.Cli.dll in the application's directory (the <c>kiln</c> CLI itself, <c>kiln submit</c>, a test host
///         or an application that references the Kiln.Cli project);</item>
///   <item>Kiln.Cli.dll next to Kiln's own assemblies.</item>
/// </list>
/// A .dll is run by the same dotnet host as this process (its runtime directory's host, else <c>DOTNET_HOST_PATH</c>,
/// else <c>dotnet</c> on the PATH).
/// </summary>
public sealed record ExecutorCommandLine(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>The environment variable naming the command line when <c>kiln.executor.cli</c> is not set.</summary>
    public const string Variable = "KILN_EXECUTOR_CLI";

    private const string CliAssembly = "Kiln.Cli.dll";

    /// <exception cref="ConfigException">The configured path does not exist, or no Kiln.Cli.dll was found.</exception>
    public static ExecutorCommandLine Resolve(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var configured = conf.Get(ConfigKeys.ExecutorCli);
        if (configured.Length > 0)
        {
            return FromPath(configured, ConfigKeys.ExecutorCli.Key);
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return FromPath(fromEnvironment, Variable);
        }

        var candidates = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(ExecutorCommandLine).Assembly.Location) ?? string.Empty }
            .Where(d => d.Length > 0)
            .Select(d => Path.GetFullPath(Path.Combine(d, CliAssembly)))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return ForAssembly(candidate);
            }
        }

        throw new ConfigException(
            ConfigKeys.ExecutorCli.Key,
            $"cannot start executor processes: the Kiln command line ({CliAssembly}) is not in {string.Join(" or ", candidates)}; " +
            $"set {ConfigKeys.ExecutorCli.Key} (or the {Variable} environment variable) to the path of {CliAssembly} or of the kiln executable");
    }

    private static ExecutorCommandLine FromPath(string path, string source)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ConfigException(ConfigKeys.ExecutorCli.Key, $"{source} names '{path}', which does not exist; point it at {CliAssembly} or the kiln executable");
        }

        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ForAssembly(full) : new ExecutorCommandLine(full, []);
    }

    private static ExecutorCommandLine ForAssembly(string assembly) => new(DotnetHost(), [assembly]);

    /// <summary>The dotnet host that runs this process's runtime.</summary>
    private static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

        // <root>/shared/Microsoft.NETCore.App/<version>/ holds this runtime; <root>/dotnet is its host.
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidates = new[]
        {
            Path.Combine(root, exe),
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Environment.ProcessPath is { } self && Path.GetFileName(self) == exe ? self : null,
        };
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return exe;
    }
}
