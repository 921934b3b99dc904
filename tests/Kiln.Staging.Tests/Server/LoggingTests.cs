using Kiln.Staging.Tests.TestSupport;

namespace Kiln.Staging.Tests.Server;

/// <summary>What the server logs: each operation and refusal, and never a secret (nor its hash).</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();

    [Fact]
    public async Task Uploads_downloads_refusals_and_deletions_are_logged_without_any_secret()
    {
        var loggers = new CapturingLoggerFactory();
        string id;
        string secret;
        string otherSecret;
        await using (var server = await TestServers.StartAsync(_dir.Path, loggers: loggers))
        {
            (id, secret) = await Http.UploadAsync(_http, server.Url, [1], appId: "logged-app");
            (_, otherSecret) = await Http.UploadAsync(_http, server.Url, [2]);
            (await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret)).Dispose();
            (await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, otherSecret)).Dispose();
            (await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, null)).Dispose();
            await TestServers.RawAsync(server.Port, $"GET /api/v1/resources/..%2F{secret} HTTP/1.1", $"Authorization: Bearer {secret}");
            (await Http.SendAsync(_http, HttpMethod.Delete, server.Url, id, secret)).Dispose();
        }

        var lines = loggers.Lines.ToList();
        Assert.Contains(lines, l => l.Contains($"Stored bundle {id}", StringComparison.Ordinal) && l.Contains("logged-app", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Served bundle {id}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Refused GET {id}: no bearer secret", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Refused GET {id}: unknown", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Refused GET (malformed id)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Deleted bundle {id}", StringComparison.Ordinal));
        foreach (var s in new[] { secret, otherSecret, ResourceCredentials.Hash(secret), ResourceCredentials.Hash(otherSecret) })
        {
            Assert.DoesNotContain(lines, l => l.Contains(s, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
