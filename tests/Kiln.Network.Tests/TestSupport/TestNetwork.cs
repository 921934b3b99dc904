using Kiln.Network.Transport;

namespace Kiln.Network.Tests.TestSupport;

/// <summary>Options and addresses for tests on loopback.</summary>
public static class TestNetwork
{
    public static readonly NetworkSecret Secret = NetworkSecret.FromText("test-secret-0123456789abcdef");

    public static NetworkAddress Loopback => new("127.0.0.1", 0);

    public static NetworkOptions Options(CapturingLoggerFactory? logs = null, NetworkSecret? secret = null, TlsSettings? tls = null) => new()
    {
        Secret = secret ?? Secret,
        Tls = tls,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AskTimeout = TimeSpan.FromSeconds(10),
        LoggerFactory = logs ?? new CapturingLoggerFactory(),
    };

    /// <summary>A loopback address where nothing listens (a port that was just free).</summary>
    public static NetworkAddress UnusedAddress()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new NetworkAddress("127.0.0.1", port);
    }
}
