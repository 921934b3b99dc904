using System.Globalization;
using Kiln.Cluster.Executor;
using Kiln.Cluster.Logging;
using Kiln.Network;
using Microsoft.Extensions.Logging;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln executor --driver HOST:PORT --executor-id N --cores C --memory M --app-id ID --local-dir DIR [--host HOST]
/// [--conf k=v ...]</c>: runs one executor process until its driver stops it or goes away. The driver starts these;
/// the application secret is read from the KILN_AUTH_SECRET environment variable. In a pod of an application whose
/// files were staged, the bundle is fetched first (<see cref="StagedFiles"/>).
/// </summary>
public static class ExecutorCommand
{
    public static async Task<int> RunAsync(CliArgs cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        cli.Allow("--driver", "--executor-id", "--cores", "--memory", "--app-id", "--local-dir", "--host");
        StagedFiles.Fetch("executor");
        var secret = Environment.GetEnvironmentVariable(ExecutorOptions.SecretVariable);
        if (string.IsNullOrEmpty(secret))
        {
            throw new CliUsageException($"executor needs the application secret in the {ExecutorOptions.SecretVariable} environment variable (the driver sets it when it starts executors)");
        }

        var id = Required(cli, "--executor-id");
        var options = new ExecutorOptions
        {
            Driver = NetworkAddress.Parse(Required(cli, "--driver")),
            ExecutorId = id,
            Cores = PositiveInt(cli, "--cores"),
            MemoryMiB = PositiveInt(cli, "--memory"),
            AppId = Required(cli, "--app-id"),
            LocalDir = Required(cli, "--local-dir"),
            Host = cli.Option("--host") ?? "127.0.0.1",
            Secret = NetworkSecret.FromText(secret),
            Conf = cli.BuildConf(),
        };

        using var stop = new StopSignals();
        using var loggers = new ConsoleErrorLoggerFactory(LogLevel.Information, $"executor {id}");
        return await ExecutorProcess.RunAsync(options, loggers, stop.Token).ConfigureAwait(false);
    }

    private static string Required(CliArgs cli, string name) =>
        cli.Option(name) ?? throw new CliUsageException($"executor needs {name}");

    private static int PositiveInt(CliArgs cli, string name) =>
        int.TryParse(Required(cli, name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new CliUsageException($"{name} takes a positive whole number, not '{cli.Option(name)}'");
}
