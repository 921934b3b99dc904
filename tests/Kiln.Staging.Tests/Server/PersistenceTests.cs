using System.Net;
using System.Net.Sockets;
using System.Text;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Server;

/// <summary>The store on disk: bundles survive a restart; interrupted uploads and crash leftovers are never served.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();

    [Fact]
    public async Task A_restarted_server_on_the_same_directory_still_serves_its_bundles_and_checks_their_secrets()
    {
        string id;
        string secret;
        string otherSecret;
        await using (var first = await TestServers.StartAsync(_dir.Path))
        {
            (id, secret) = await Http.UploadAsync(_http, first.Url, [10, 20, 30]);
            (_, otherSecret) = await Http.UploadAsync(_http, first.Url, [40]);
        }

        await using var second = await TestServers.StartAsync(_dir.Path);
        Assert.Equal(2, second.BundleCount);
        using (var response = await Http.SendAsync(_http, HttpMethod.Get, second.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new byte[] { 10, 20, 30 }, await response.Content.ReadAsByteArrayAsync());
        }

        using var wrong = await Http.SendAsync(_http, HttpMethod.Get, second.Url, id, otherSecret);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }

    [Fact]
    public async Task An_upload_the_client_aborts_mid_body_is_never_served_and_leaves_no_temporary_file()
    {
        await using (var server = await TestServers.StartAsync(_dir.Path))
        {
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
                var stream = tcp.GetStream();
                var head = "POST /api/v1/resources HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(new byte[40_000]);
                await stream.FlushAsync();
                tcp.Client.LingerState = new LingerOption(true, 0);
            }

            // A complete upload after the broken one: the server is still fine.
            await Http.UploadAsync(_http, server.Url, [1]);
        }

        // Stopping waits for the broken request's handler to finish.
        Assert.Single(Directory.GetDirectories(Path.Combine(_dir.Path, "resources")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "tmp")));
        await using var restarted = await TestServers.StartAsync(_dir.Path);
        Assert.Equal(1, restarted.BundleCount);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task What_a_crash_leaves_is_cleaned_at_start_and_never_served()
    {
        string id;
        string secret;
        await using (var first = await TestServers.StartAsync(_dir.Path))
        {
            (id, secret) = await Http.UploadAsync(_http, first.Url, [1, 2, 3]);
        }

        // A crash mid-upload: a complete-looking entry still under tmp/ (its rename never happened), and a stray file.
        var resources = Path.Combine(_dir.Path, "resources");
        var tmp = Path.Combine(_dir.Path, "tmp");
        var pending = ResourceCredentials.NewId();
        Directory.CreateDirectory(Path.Combine(tmp, pending));
        File.Copy(Path.Combine(resources, id, "bundle"), Path.Combine(tmp, pending, "bundle"));
        File.Copy(Path.Combine(resources, id, "meta.json"), Path.Combine(tmp, pending, "meta.json"));
        await File.WriteAllTextAsync(Path.Combine(tmp, "partial"), "x");
        // Entries under resources/ that are not complete bundles: no metadata, metadata of another id, not an id.
        var noMeta = ResourceCredentials.NewId();
        Directory.CreateDirectory(Path.Combine(resources, noMeta));
        await File.WriteAllBytesAsync(Path.Combine(resources, noMeta, "bundle"), [1]);
        var foreign = ResourceCredentials.NewId();
        Directory.CreateDirectory(Path.Combine(resources, foreign));
        File.Copy(Path.Combine(resources, id, "bundle"), Path.Combine(resources, foreign, "bundle"));
        File.Copy(Path.Combine(resources, id, "meta.json"), Path.Combine(resources, foreign, "meta.json"));
        Directory.CreateDirectory(Path.Combine(resources, "not-an-id"));

        await using var restarted = await TestServers.StartAsync(_dir.Path);
        Assert.Equal(1, restarted.BundleCount);
        Assert.Empty(Directory.GetFileSystemEntries(tmp));
        Assert.Equal([id], Directory.GetDirectories(resources).Select(Path.GetFileName));
        foreach (var other in new[] { pending, noMeta, foreign })
        {
            using var response = await Http.SendAsync(_http, HttpMethod.Get, restarted.Url, other, secret);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
