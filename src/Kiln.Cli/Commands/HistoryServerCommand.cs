using System.Globalization;
using Kiln.Status;
using Kiln.Ui.History;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln history-server --dir D [--port 18080] [--conf k=v ...]</c>: serves the pages and REST API of every
/// application whose event log is in D, until SIGTERM or Ctrl+C. Prints its address at start.
/// </summary>
public static class HistoryServerCommand
{
    public const int DefaultPort = 18080;

    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--dir", "--port");
        var conf = cli.BuildConf();
        var dir = cli.Option("--dir") ?? (conf.IsSet(MonitoringConfigKeys.EventLogDir) ? conf.Get(MonitoringConfigKeys.EventLogDir) : null)
            ?? throw new CliUsageException("history-server needs --dir DIR (the kiln.eventLog.dir of the applications)");
        var port = DefaultPort;
        if (cli.Option("--port") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new CliUsageException($"--port takes a port number (0 to 65535), but got '{text}'");
        }

        using var stop = new StopSignals();
        var server = await HistoryServer.StartAsync(Path.GetFullPath(dir), port, conf, stop.Token).ConfigureAwait(false);
        await using var stopServer = server.ConfigureAwait(false);
        await output.WriteLineAsync($"kiln history server at {server.Url} serving {Path.GetFullPath(dir)}").ConfigureAwait(false);
        await output.FlushAsync(stop.Token).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
