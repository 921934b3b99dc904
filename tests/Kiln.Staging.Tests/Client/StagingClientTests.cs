using System.Net;
using System.Net.Sockets;
using Kiln.Staging.Client;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Client;

/// <summary>The client against a real server: a directory and files round trip; each failure names the server.</summary>
public sealed class StagingClientTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_directory_and_extra_files_round_trip_with_their_bytes_paths_and_modes()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"), maxUploadBytes: 10 << 20);
        var app = _dir.Sub("app");
        Directory.CreateDirectory(Path.Combine(app, "lib", "deep"));
        Directory.CreateDirectory(Path.Combine(app, "empty"));
        await File.WriteAllBytesAsync(Path.Combine(app, "App.dll"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000));
        await File.WriteAllTextAsync(Path.Combine(app, "lib", "deep", "data.csv"), "a,b\n1,2\n");
        await File.WriteAllTextAsync(Path.Combine(app, ".hidden"), "h");
        await File.WriteAllTextAsync(Path.Combine(app, "run.sh"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(app, "run.sh"), (UnixFileMode)0x1ED);
        var extra = _dir.Sub("settings.json");
        await File.WriteAllTextAsync(extra, "{}");

        using var client = new StagingClient(server.Url);
        var staged = await client.UploadAsync(app, [extra], "round-trip", CancellationToken.None);
        Assert.Equal(server.Url, staged.ServerUri);
        Assert.DoesNotContain(staged.ResourceSecret, staged.ToString(), StringComparison.Ordinal);

        var into = _dir.Sub("fetched");
        var files = await client.DownloadAndExtractAsync(staged.ResourceId, staged.ResourceSecret, into, CancellationToken.None);
        Assert.Equal(5, files);
        foreach (var file in Directory.GetFiles(app, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(into, Path.GetRelativePath(app, file));
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(copy));
        }

        Assert.True(Directory.Exists(Path.Combine(into, "empty")));
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(into, "settings.json")));
        Assert.True(File.GetUnixFileMode(Path.Combine(into, "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path, ".fetched.kiln-fetch-*"));

        await client.DeleteAsync(staged.ResourceId, staged.ResourceSecret, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<StagingException>(() => client.DownloadAndExtractAsync(staged.ResourceId, staged.ResourceSecret, _dir.Sub("again"), CancellationToken.None));
        Assert.Contains("(404)", gone.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Sub("again")));
    }

    [Fact]
    public async Task Two_files_with_the_same_name_are_refused_before_anything_is_uploaded()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"));
        Directory.CreateDirectory(_dir.Sub("a"));
        Directory.CreateDirectory(_dir.Sub("b"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Sub("a"), "x.conf"), "1");
        await File.WriteAllTextAsync(Path.Combine(_dir.Sub("b"), "x.conf"), "2");
        using var client = new StagingClient(server.Url);
        var e = await Assert.ThrowsAsync<StagingException>(() => client.UploadAsync(_dir.Sub("a"), [Path.Combine(_dir.Sub("b"), "x.conf")], null, CancellationToken.None));
        Assert.Contains("x.conf is already in the bundle", e.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<StagingException>(() => client.UploadAsync(null, [_dir.Sub("nope.txt")], null, CancellationToken.None));
        Assert.Contains("no such file", missing.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Sub("store"), "resources")));
    }

    [Fact]
    public async Task A_served_bundle_with_an_escaping_entry_is_refused_by_the_client()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"));
        using var client = new StagingClient(server.Url);
        var evil = Archives.Of(Archives.File("ok.txt", "ok"), Archives.File("../../escaped.txt", "evil"));
        var staged = await client.UploadBundleAsync(new MemoryStream(evil), null, CancellationToken.None);
        var target = _dir.Sub("work/into");
        var e = await Assert.ThrowsAsync<StagingException>(() => client.DownloadAndExtractAsync(staged.ResourceId, staged.ResourceSecret, target, CancellationToken.None));
        Assert.Contains("outside the target directory", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_dir.Sub("escaped.txt")));
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public async Task Failures_name_the_server_and_the_cause()
    {
        await using var server = await TestServers.StartAsync(_dir.Sub("store"), maxUploadBytes: 100);
        using var client = new StagingClient(server.Url);

        var tooLarge = await Assert.ThrowsAsync<StagingException>(() => client.UploadBundleAsync(new MemoryStream(new byte[101]), null, CancellationToken.None));
        Assert.Contains($"(101 bytes) is larger than the staging server at {server.Url} accepts (413)", tooLarge.Message, StringComparison.Ordinal);

        var staged = await client.UploadBundleAsync(new MemoryStream(new byte[10]), null, CancellationToken.None);
        var wrong = await Assert.ThrowsAsync<StagingException>(() => client.DownloadAsync(staged.ResourceId, ResourceCredentials.NewSecret(), Stream.Null, CancellationToken.None));
        Assert.Contains($"resource {staged.ResourceId} is not on the staging server at {server.Url} (404)", wrong.Message, StringComparison.Ordinal);

        var empty = await Assert.ThrowsAsync<StagingException>(() => client.DownloadAsync(staged.ResourceId, string.Empty, Stream.Null, CancellationToken.None));
        Assert.Contains($"the staging server at {server.Url} refused resource {staged.ResourceId} without a secret (401)", empty.Message, StringComparison.Ordinal);

        var closed = ClosedPortUri();
        using var nowhere = new StagingClient(closed);
        var unreachable = await Assert.ThrowsAsync<StagingException>(() => nowhere.DownloadAsync(staged.ResourceId, staged.ResourceSecret, Stream.Null, CancellationToken.None));
        Assert.Contains($"cannot download a bundle from the staging server at {closed}", unreachable.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static Uri ClosedPortUri()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
