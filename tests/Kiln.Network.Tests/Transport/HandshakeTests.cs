using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;
using Kiln.Network.Tests.TestSupport;
using Kiln.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Kiln.Network.Tests.Transport;

public sealed class HandshakeTests : IAsyncLifetime
{
    private readonly CapturingLoggerFactory _serverLogs = new();
    private RpcEnv _server = null!;

    public Task InitializeAsync()
    {
        _server = StartServer(TestNetwork.Options(_serverLogs));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Peers_with_the_same_secret_connect_and_call()
    {
        await using var client = RpcEnv.Create(TestNetwork.Options());
        var answer = await Ref(client, _server).AskAsync<HeartbeatResponse>(new Heartbeat { ExecutorId = "e1" });
        Assert.True(answer.Reregister);
    }

    [Fact]
    public async Task A_client_with_the_wrong_secret_is_refused_and_logged()
    {
        await using var client = RpcEnv.Create(TestNetwork.Options(secret: NetworkSecret.FromText("another-application-secret")));
        var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() => Ref(client, _server).AskAsync<HeartbeatResponse>(new Heartbeat()));
        Assert.Contains("refused this process", e.Message, StringComparison.Ordinal);
        Assert.Contains("kiln.authenticate.secret", e.Message, StringComparison.Ordinal);
        Assert.Equal(_server.Address, e.Address);

        var entry = await _serverLogs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("authentication failed", (string)entry["Reason"]!, StringComparison.Ordinal);
        Assert.Equal(0, Connections(_server));
    }

    [Fact]
    public async Task A_server_with_another_secret_is_refused_by_the_client()
    {
        await using var other = StartServer(TestNetwork.Options(secret: NetworkSecret.FromText("another-application-secret")));
        await using var client = RpcEnv.Create(TestNetwork.Options());
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Ref(client, other).AskAsync<HeartbeatResponse>(new Heartbeat()));
    }

    [Fact]
    public async Task A_newer_client_is_refused_with_both_versions_named_on_both_sides()
    {
        await using var client = RpcEnv.Create(TestNetwork.Options() with { ProtocolVersion = 2 });
        var e = await Assert.ThrowsAsync<ProtocolVersionMismatchException>(() => Ref(client, _server).AskAsync<HeartbeatResponse>(new Heartbeat()));
        Assert.Equal((2, 1), (e.LocalVersion, e.RemoteVersion));
        Assert.Contains("same Kiln version", e.Message, StringComparison.Ordinal);

        var entry = await _serverLogs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Contains("protocol version 2", (string)entry["Reason"]!, StringComparison.Ordinal);
        Assert.Contains("speaks version 1", (string)entry["Reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_client_sees_the_servers_newer_version()
    {
        var logs = new CapturingLoggerFactory();
        await using var newer = StartServer(TestNetwork.Options(logs) with { ProtocolVersion = 7 });
        await using var client = RpcEnv.Create(TestNetwork.Options());
        var e = await Assert.ThrowsAsync<ProtocolVersionMismatchException>(() => Ref(client, newer).AskAsync<HeartbeatResponse>(new Heartbeat()));
        Assert.Equal((1, 7), (e.LocalVersion, e.RemoteVersion));
        await logs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused" && ((string)l["Reason"]!).Contains("version 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_peer_that_is_not_Kiln_is_refused_and_logged()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_server.Address!.Value.Host, _server.Address.Value.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        var entry = await _serverLogs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Contains("not a Kiln peer", (string)entry["Reason"]!, StringComparison.Ordinal);
        var buffer = new byte[16];
        Assert.Equal(0, await socket.ReceiveAsync(buffer));
    }

    [Fact]
    public async Task With_TLS_on_both_ends_calls_work()
    {
        using var certificate = TlsSettings.CreateSelfSigned("CN=kiln-test-app", TimeSpan.FromHours(1));
        var tls = new TlsSettings(certificate, [certificate]);
        await using var server = StartServer(TestNetwork.Options(tls: tls));
        await using var client = RpcEnv.Create(TestNetwork.Options(tls: new TlsSettings(null, [certificate])));
        var answer = await Ref(client, server).AskAsync<HeartbeatResponse>(new Heartbeat { ExecutorId = "e1" });
        Assert.True(answer.Reregister);
    }

    [Fact]
    public async Task TLS_settings_load_from_PEM_files_and_pin_the_certificate()
    {
        var dir = Directory.CreateTempSubdirectory("kiln-tls-");
        try
        {
            using var certificate = TlsSettings.CreateSelfSigned("CN=kiln-test-app", TimeSpan.FromHours(1));
            var cert = Path.Combine(dir.FullName, "app.crt");
            var key = Path.Combine(dir.FullName, "app.key");
            TlsSettings.WritePemFiles(certificate, cert, key);
            var conf = new Kiln.Common.Config.KilnConf()
                .Set("kiln.authenticate.secret", TestNetwork.Secret.Text)
                .Set("kiln.network.tls.enabled", "true")
                .Set("kiln.network.tls.certFile", cert)
                .Set("kiln.network.tls.keyFile", key);
            var options = NetworkOptions.FromConf(conf);
            await using var server = StartServer(options);
            await using var client = RpcEnv.Create(options);
            Assert.True((await Ref(client, server).AskAsync<HeartbeatResponse>(new Heartbeat())).Reregister);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_TLS_client_refuses_a_server_certificate_it_does_not_trust()
    {
        using var serverCertificate = TlsSettings.CreateSelfSigned("CN=kiln-app-a", TimeSpan.FromHours(1));
        using var otherCertificate = TlsSettings.CreateSelfSigned("CN=kiln-app-b", TimeSpan.FromHours(1));
        await using var server = StartServer(TestNetwork.Options(tls: new TlsSettings(serverCertificate, [serverCertificate])));
        await using var client = RpcEnv.Create(TestNetwork.Options(tls: new TlsSettings(null, [otherCertificate])));
        var e = await Assert.ThrowsAsync<HandshakeException>(() => Ref(client, server).AskAsync<HeartbeatResponse>(new Heartbeat()));
        Assert.Contains("TLS handshake", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TLS_client_at_a_plain_server_fails_clearly_on_both_sides()
    {
        using var certificate = TlsSettings.CreateSelfSigned("CN=kiln-test-app", TimeSpan.FromHours(1));
        await using var client = RpcEnv.Create(TestNetwork.Options(tls: new TlsSettings(null, [certificate])));
        await Assert.ThrowsAsync<HandshakeException>(() => Ref(client, _server).AskAsync<HeartbeatResponse>(new Heartbeat()));
        var entry = await _serverLogs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Contains("TLS is off on this endpoint", (string)entry["Reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_client_at_a_TLS_server_fails_clearly_on_both_sides()
    {
        var logs = new CapturingLoggerFactory();
        using var certificate = TlsSettings.CreateSelfSigned("CN=kiln-test-app", TimeSpan.FromHours(1));
        await using var server = StartServer(TestNetwork.Options(logs, tls: new TlsSettings(certificate, [certificate])));
        await using var client = RpcEnv.Create(TestNetwork.Options());
        var e = await Assert.ThrowsAsync<HandshakeException>(() => Ref(client, server).AskAsync<HeartbeatResponse>(new Heartbeat()));
        Assert.Contains("TLS", e.Message, StringComparison.Ordinal);
        var entry = await logs.WaitForAsync(l => l.EventId.Name == "ConnectionRefused");
        Assert.Contains("TLS handshake failed", (string)entry["Reason"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_never_printed_and_short_ones_are_refused()
    {
        Assert.DoesNotContain(TestNetwork.Secret.Text, TestNetwork.Secret.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NetworkSecret.FromText("short"));
        Assert.NotEqual(NetworkSecret.Generate().Text, NetworkSecret.Generate().Text);
    }

    private static RpcEnv StartServer(NetworkOptions options)
    {
        var env = RpcEnv.Listen(options, TestNetwork.Loopback);
        env.RegisterEndpoint("driver", new RpcHandlers()
            .OnAsk<Heartbeat, HeartbeatResponse>((_, _, _) => ValueTask.FromResult(new HeartbeatResponse { Reregister = true })));
        return env;
    }

    private static RpcEndpointRef Ref(RpcEnv client, RpcEnv server) => client.EndpointRef(server.Address!.Value, "driver");

    private static int Connections(RpcEnv env) => env.ServerConnectionCount;
}
