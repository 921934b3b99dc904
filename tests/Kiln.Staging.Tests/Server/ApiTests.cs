using System.Net;
using System.Security.Cryptography;
using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Server;

/// <summary>The HTTP API on a real Kestrel: uploads, downloads, deletions, and every refusal with its status and no body.</summary>
public sealed class ApiTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();

    [Fact]
    public async Task An_uploaded_bundle_downloads_byte_identical_with_its_secret()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var body = RandomNumberGenerator.GetBytes(300_000);
        var (id, secret) = await Http.UploadAsync(_http, server.Url, body, appId: "app-7");

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.True(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length == 32, "a 256-bit secret");
        using var response = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_upload_answer_is_201_with_a_location_and_two_uploads_get_different_ids_and_secrets()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        using var first = await Http.PostAsync(_http, server.Url, [1, 2, 3]);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var a = await Http.UploadAsync(_http, server.Url, [1, 2, 3]);
        var b = await Http.UploadAsync(_http, server.Url, [1, 2, 3]);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotEqual(a.Secret, b.Secret);
        Assert.StartsWith("/api/v1/resources/", first.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_is_kept_on_disk_only_as_its_hash()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var (id, secret) = await Http.UploadAsync(_http, server.Url, [9, 9, 9]);
        var meta = await File.ReadAllTextAsync(Path.Combine(_dir.Path, "resources", id, "meta.json"));
        Assert.DoesNotContain(secret, meta, StringComparison.Ordinal);
        Assert.Contains(ResourceCredentials.Hash(secret), meta, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_without_a_secret_gets_401_and_no_body()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var (id, _) = await Http.UploadAsync(_http, server.Url, [1]);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var response = await Http.SendAsync(_http, method, server.Url, id, secret: null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        var (status, body) = await TestServers.RawAsync(server.Port, $"GET /api/v1/resources/{id} HTTP/1.1", "Authorization: Bearer ");
        Assert.Equal(401, status);
        Assert.Empty(body);
        (status, _) = await TestServers.RawAsync(server.Port, $"GET /api/v1/resources/{id} HTTP/1.1", "Authorization: Basic dXNlcjpwdw==");
        Assert.Equal(401, status);
    }

    [Fact]
    public async Task A_wrong_secret_or_another_bundles_secret_gets_404_and_no_body_and_deletes_nothing()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var (id, secret) = await Http.UploadAsync(_http, server.Url, [1, 2]);
        var (_, otherSecret) = await Http.UploadAsync(_http, server.Url, [3, 4]);
        var wrong = new[] { otherSecret, secret + "x", secret[..^1], ResourceCredentials.Hash(secret), ResourceCredentials.NewSecret() };
        foreach (var candidate in wrong)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var response = await Http.SendAsync(_http, method, server.Url, id, candidate);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            }
        }

        using var still = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret);
        Assert.Equal(new byte[] { 1, 2 }, await still.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("..%2F..%2Fresources")]
    [InlineData("..%2Fmeta.json")]
    [InlineData("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd")]
    [InlineData("..")]
    [InlineData("{id}%2F..%2F{id}")]
    [InlineData("{id}%2Fmeta.json")]
    [InlineData("{id}%2Fbundle")]
    [InlineData("{id}%0A")]
    [InlineData("{id}%00")]
    [InlineData("{id}0")]
    [InlineData("{id31}")]
    [InlineData("{id31}g")]
    [InlineData("{ID}")]
    [InlineData("%20{id}")]
    [InlineData("{id}.json")]
    public async Task An_id_that_is_not_a_plain_id_gets_404_and_no_body_even_with_a_valid_secret(string form)
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var (id, secret) = await Http.UploadAsync(_http, server.Url, [5, 6, 7]);
        var target = form.Replace("{id}", id, StringComparison.Ordinal).Replace("{ID}", id.ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("{id31}", id[..31], StringComparison.Ordinal);
        foreach (var method in new[] { "GET", "DELETE" })
        {
            var (status, body) = await TestServers.RawAsync(server.Port, $"{method} /api/v1/resources/{target} HTTP/1.1", $"Authorization: Bearer {secret}");
            Assert.True(status is 404 or 400, $"{method} {target} answered {status}");
            Assert.Empty(body);
        }

        using var still = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_whether_its_length_is_declared_or_chunked_and_nothing_is_kept()
    {
        await using var server = await TestServers.StartAsync(_dir.Path, maxUploadBytes: 1000);
        using (var declared = await Http.PostAsync(_http, server.Url, new byte[1001]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        }

        using var chunked = new StreamContent(new UnseekableStream(new byte[5000]));
        using (var response = await _http.PostAsync(new Uri(server.Url, "/api/v1/resources"), chunked))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using (var exact = await Http.PostAsync(_http, server.Url, new byte[1000]))
        {
            Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        }

        Assert.Single(Directory.GetDirectories(Path.Combine(_dir.Path, "resources")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task A_deleted_bundle_is_gone_for_its_own_secret_too()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        var (id, secret) = await Http.UploadAsync(_http, server.Url, [1]);
        using (var deleted = await Http.SendAsync(_http, HttpMethod.Delete, server.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var get = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        using (var again = await Http.SendAsync(_http, HttpMethod.Delete, server.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "resources")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "tmp")));
    }

    [Fact]
    public async Task A_malformed_application_id_is_refused_with_400()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        using var response = await Http.PostAsync(_http, server.Url, [1], appId: "../x");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "resources")));
    }

    [Fact]
    public async Task Other_paths_and_methods_are_refused_and_health_answers()
    {
        await using var server = await TestServers.StartAsync(_dir.Path);
        using (var list = await _http.GetAsync(new Uri(server.Url, "/api/v1/resources")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, list.StatusCode);
        }

        using (var other = await _http.GetAsync(new Uri(server.Url, "/resources/../tmp")))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        Assert.Equal("ok", await _http.GetStringAsync(new Uri(server.Url, "/healthz")));
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    /// <summary>A stream that cannot seek, so HttpClient sends it chunked, without a length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
