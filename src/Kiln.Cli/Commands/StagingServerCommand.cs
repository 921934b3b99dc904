using System.Globalization;
using Kiln.Cluster.Logging;
using Kiln.Common.Config;
using Kiln.Staging.Server;
using Microsoft.Extensions.Logging;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln staging-server --dir D [--port 10000] [--host 0.0.0.0] [--max-upload-bytes 1g] [--ttl 24h]
/// [--tls-cert F --tls-key F]</c>: runs the resource staging server until SIGTERM or Ctrl+C, logging each upload,
/// download, deletion, expiry and refusal (never a secret) to standard error. See docs/staging-server.md.
/// </summary>
public static class StagingServerCommand
{
    public static async Task<int> RunAsync(CliArgs cli, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(output);
        cli.Allow("--dir", "--port", "--host", "--max-upload-bytes", "--ttl", "--tls-cert", "--tls-key");
        var dir = cli.Option("--dir") ?? throw new CliUsageException("staging-server needs --dir DIR (where bundles are kept; a persistent volume in a pod)");
        var port = StagingServerOptions.DefaultPort;
        if (cli.Option("--port") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            throw new CliUsageException($"--port takes a port number (0 to 65535), but got '{text}'");
        }

        var defaults = new StagingServerOptions { Directory = dir };
        var maxUpload = Parse(cli, "--max-upload-bytes", ConfigParsers.ParseBytes, defaults.MaxUploadBytes, "a size such as 512m or 2g");
        var ttl = Parse(cli, "--ttl", ConfigParsers.ParseDuration, defaults.Ttl, "a duration such as 30m, 12h or 7d");
        if (maxUpload < 1 || ttl <= TimeSpan.Zero)
        {
            throw new CliUsageException("--max-upload-bytes and --ttl must be positive");
        }

        using var stop = new StopSignals();
        using var loggers = new ConsoleErrorLoggerFactory(LogLevel.Information, "staging-server");
        var options = new StagingServerOptions
        {
            Directory = Path.GetFullPath(dir),
            Host = cli.Option("--host") ?? defaults.Host,
            Port = port,
            MaxUploadBytes = maxUpload,
            Ttl = ttl,
            TlsCertificateFile = cli.Option("--tls-cert"),
            TlsKeyFile = cli.Option("--tls-key"),
            LoggerFactory = loggers,
        };
        var server = await StagingServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        await using var stopServer = server.ConfigureAwait(false);
        await output.WriteLineAsync(
            $"kiln staging server at {server.Url} keeping bundles in {options.Directory} ({server.BundleCount} kept; uploads up to {ConfigParsers.FormatBytes(maxUpload)}, expiring after {Duration(ttl)})").ConfigureAwait(false);
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

    private static string Duration(TimeSpan t) => t switch
    {
        _ when t.Ticks % TimeSpan.TicksPerDay == 0 => $"{t.TotalDays:0}d",
        _ when t.Ticks % TimeSpan.TicksPerHour == 0 => $"{t.TotalHours:0}h",
        _ when t.Ticks % TimeSpan.TicksPerMinute == 0 => $"{t.TotalMinutes:0}m",
        _ => $"{t.TotalSeconds:0.###}s",
    };

    private static T Parse<T>(CliArgs cli, string name, Func<string, T> parse, T fallback, string expected)
    {
        if (cli.Option(name) is not { } text)
        {
            return fallback;
        }

        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new CliUsageException($"{name} takes {expected}, but got '{text}'");
        }
    }
}
