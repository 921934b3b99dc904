using Kiln.Staging.Client;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Server;

/// <summary>HTTPS with a PEM certificate and key: the client trusts it through its CA file, and refuses it without.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task A_bundle_round_trips_over_https_with_a_self_signed_certificate_the_client_is_told_to_trust()
    {
        var (cert, key) = SelfSignedCertificate.Write(_dir.Path);
        await using var server = await TestServers.StartAsync(_dir.Sub("store"), tlsCert: cert, tlsKey: key);
        Assert.Equal("https", server.Url.Scheme);
        using var client = new StagingClient(server.Url, new StagingClientOptions { CaCertificateFile = cert });
        var body = new byte[] { 1, 2, 3, 4, 5 };
        using var upload = new MemoryStream(body);
        var staged = await client.UploadBundleAsync(upload, "tls-app", CancellationToken.None);
        using var download = new MemoryStream();
        await client.DownloadAsync(staged.ResourceId, staged.ResourceSecret, download, CancellationToken.None);
        Assert.Equal(body, download.ToArray());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_naming_the_server()
    {
        var (cert, key) = SelfSignedCertificate.Write(_dir.Path);
        var (otherCert, _) = SelfSignedCertificate.Write(_dir.Path, "other");
        await using var server = await TestServers.StartAsync(_dir.Sub("store"), tlsCert: cert, tlsKey: key);
        foreach (var options in new[] { new StagingClientOptions(), new StagingClientOptions { CaCertificateFile = otherCert } })
        {
            using var client = new StagingClient(server.Url, options);
            using var upload = new MemoryStream([1]);
            var e = await Assert.ThrowsAsync<StagingException>(() => client.UploadBundleAsync(upload, null, CancellationToken.None));
            Assert.Contains(server.Url.ToString(), e.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Sub("store"), "resources")));
    }

    [Fact]
    public async Task A_certificate_without_its_key_is_refused_at_start()
    {
        var (cert, _) = SelfSignedCertificate.Write(_dir.Path);
        var e = await Assert.ThrowsAsync<StagingException>(() => TestServers.StartAsync(_dir.Sub("store"), tlsCert: cert));
        Assert.Contains("--tls-key", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
