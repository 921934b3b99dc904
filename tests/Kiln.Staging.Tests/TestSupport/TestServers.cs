using System.Net.Sockets;
using System.Text;
using Kiln.Staging.Server;

namespace Kiln.Staging.Tests.TestSupport;

/// <summary>Starts real staging servers on a free loopback port, and speaks raw HTTP to them where HttpClient would tidy the request.</summary>
public static class TestServers
{
    public static Task<StagingServer> StartAsync(string dir, TimeProvider? time = null, long maxUploadBytes = 1 << 20, TimeSpan? ttl = null,
        Action<int>? afterSweep = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null, string? tlsCert = null, string? tlsKey = null) =>
        StagingServer.StartAsync(
            new StagingServerOptions
            {
                Directory = dir,
                Host = "127.0.0.1",
                Port = 0,
                MaxUploadBytes = maxUploadBytes,
                Ttl = ttl ?? TimeSpan.FromHours(1),
                TimeProvider = time ?? TimeProvider.System,
                AfterSweep = afterSweep,
                LoggerFactory = loggers ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
                TlsCertificateFile = tlsCert,
                TlsKeyFile = tlsKey,
            },
            CancellationToken.None);

    /// <summary>Sends <paramref name="requestLine"/> exactly as written (plus headers) and returns the status code and body.</summary>
    public static async Task<(int Status, string Body)> RawAsync(int port, string requestLine, params string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        var text = new StringBuilder().Append(requestLine).Append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.Append("\r\n").ToString()));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();
        var status = int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, split < 0 ? string.Empty : answer[(split + 4)..]);
    }
}
