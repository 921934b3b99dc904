using System.Net;
using Kiln.Scheduler.Events;
using Kiln.Status.Store;
using Kiln.Ui;

namespace Kiln.Tests.Monitoring;

/// <summary>The UI server behind a sub-path proxy and with an access token.</summary>
public sealed class UiServerTests
{
    private static AppStatusStore Store()
    {
        var store = new AppStatusStore();
        store.OnEvent(new ApplicationStarted(DateTimeOffset.UnixEpoch, "app-1", "demo", "local[2]", "me", "0.1.0"));
        return store;
    }

    private static Task<UiServer> StartAsync(string proxyBase = "", string token = "") =>
        UiServer.StartAsync(new UiServerOptions("127.0.0.1", 0, 0, proxyBase, token), new LiveStatusSource(Store()), null, CancellationToken.None);

    [Fact]
    public async Task Links_and_redirects_carry_the_forwarded_prefix()
    {
        await using var ui = await StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(ui.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/jobs/");
        request.Headers.Add("X-Forwarded-Prefix", "/proxy/app-1");
        var page = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/proxy/app-1/stages/\"", page, StringComparison.Ordinal);

        using var root = new HttpRequestMessage(HttpMethod.Get, "/");
        root.Headers.Add("X-Forwarded-Prefix", "/proxy/app-1/");
        Assert.Equal("/proxy/app-1/jobs/", (await http.SendAsync(root)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_proxy_base_is_served_with_and_without_the_prefix_in_the_path()
    {
        await using var ui = await StartAsync(proxyBase: "/kiln");
        using var http = new HttpClient { BaseAddress = new Uri(ui.Url) };
        Assert.Contains("href=\"/kiln/executors/\"", await http.GetStringAsync("/kiln/jobs/"), StringComparison.Ordinal);
        Assert.Contains("href=\"/kiln/executors/\"", await http.GetStringAsync("/jobs/"), StringComparison.Ordinal);
        Assert.Contains("app-1", await http.GetStringAsync("/kiln/api/v1/applications"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_access_token_is_required_when_set()
    {
        await using var ui = await StartAsync(token: "t0ken");
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri(ui.Url) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/applications")).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/v1/applications");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t0ken");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/jobs/?token=t0ken")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/stages/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new HttpClient().GetAsync(ui.Url + "/jobs/?token=wrong")).StatusCode);
    }

    [Fact]
    public async Task A_taken_port_moves_the_UI_to_the_next_free_one()
    {
        await using var first = await StartAsync();
        await using var second = await UiServer.StartAsync(new UiServerOptions("127.0.0.1", first.Port, 2, string.Empty, string.Empty), new LiveStatusSource(Store()), null, CancellationToken.None);
        Assert.NotEqual(first.Port, second.Port);
    }
}
