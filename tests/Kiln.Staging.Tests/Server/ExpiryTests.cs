using System.Net;
using Kiln.Staging.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Kiln.Staging.Tests.Server;

/// <summary>Expiry on a fake clock: refused from the instant the TTL passes, removed from disk by the background sweep.</summary>
public sealed class ExpiryTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_bundle_is_served_until_its_ttl_then_404_and_the_sweep_removes_it_from_disk()
    {
        var removed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServers.StartAsync(_dir.Path, _clock, ttl: TimeSpan.FromHours(2), afterSweep: n =>
        {
            if (n > 0)
            {
                removed.TrySetResult(n);
            }
        });
        // Off the sweep's minute ticks, so that the refusal at the TTL comes from the clock check, not from a sweep.
        _clock.Advance(TimeSpan.FromSeconds(30));
        var (id, secret) = await Http.UploadAsync(_http, server.Url, [1, 2]);
        _clock.Advance(TimeSpan.FromHours(1));
        var (laterId, laterSecret) = await Http.UploadAsync(_http, server.Url, [3]);
        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        using (var before = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.False(removed.Task.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        using (var after = await Http.SendAsync(_http, HttpMethod.Get, server.Url, id, secret))
        {
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await removed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([laterId], Directory.GetDirectories(Path.Combine(_dir.Path, "resources")).Select(Path.GetFileName));
        using var later = await Http.SendAsync(_http, HttpMethod.Get, server.Url, laterId, laterSecret);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task A_bundle_that_expired_while_the_server_was_down_is_dropped_at_start()
    {
        string id;
        string secret;
        await using (var first = await TestServers.StartAsync(_dir.Path, _clock, ttl: TimeSpan.FromMinutes(30)))
        {
            (id, secret) = await Http.UploadAsync(_http, first.Url, [1]);
        }

        _clock.Advance(TimeSpan.FromMinutes(31));
        await using var second = await TestServers.StartAsync(_dir.Path, _clock, ttl: TimeSpan.FromMinutes(30));
        Assert.Equal(0, second.BundleCount);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dir.Path, "resources")));
        using var response = await Http.SendAsync(_http, HttpMethod.Get, second.Url, id, secret);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
