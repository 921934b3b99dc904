using System.Net;
using Kiln.Kubernetes.Watch;

namespace Kiln.Kubernetes.Tests;

/// <summary>The list-then-watch helper against a scripted peer: resumes from the last version it saw and re-lists after 410 Gone.</summary>
public sealed class ListWatchTests
{
    private static string Pod(string name, string rv) =>
        """{"kind":"Pod","apiVersion":"v1","metadata":{"name":""" + $"\"{name}\",\"namespace\":\"spark\",\"resourceVersion\":\"{rv}\"" + "}}";

    private static string List(string rv, params string[] pods) =>
        $$"""{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"{{rv}}"},"items":[{{string.Join(",", pods)}}]}""";

    private static async Task StreamAsync(HttpListenerContext c, params string[] lines)
    {
        c.Response.SendChunked = true;
        c.Response.ContentType = "application/json";
        var writer = new StreamWriter(c.Response.OutputStream);
        foreach (var line in lines)
        {
            await writer.WriteAsync(line + "\n");
        }

        await writer.FlushAsync();
        c.Response.Close();
    }

    [Fact]
    public async Task Reconnects_from_the_last_seen_version_and_relists_after_gone()
    {
        var lists = 0;
        using var server = new StubApiServer(c =>
        {
            var q = c.Request.QueryString;
            if (q["watch"] != "true")
            {
                return Interlocked.Increment(ref lists) == 1
                    ? StubApiServer.WriteAsync(c, 200, List("10", Pod("a", "9")))
                    : StubApiServer.WriteAsync(c, 200, List("20", Pod("a", "9"), Pod("b", "11"), Pod("c", "15")));
            }

            return q["resourceVersion"] switch
            {
                "10" => StreamAsync(c, """{"type":"ADDED","object":""" + Pod("b", "11") + "}"),
                "11" => StreamAsync(c, """{"type":"ERROR","object":""" + StubApiServer.Status(410, "Expired", "too old resource version: 11 (14)") + "}"),
                _ => StreamAsync(c, """{"type":"MODIFIED","object":""" + Pod("c", "21") + "}"),
            };
        });
        using var client = KubernetesClients.Create(server.Configuration);
        var reconnects = new List<string>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var got = new List<string>();
        await foreach (var ev in KubernetesListWatch.PodsAsync(client, "spark", new ListWatchOptions { Reconnecting = reconnects.Add }, cts.Token))
        {
            got.Add(ev.Type == ListWatchEventType.Relisted
                ? "Relisted " + string.Join(",", ev.Items!.Select(p => p.Metadata.Name))
                : $"{ev.Type} {ev.Object!.Metadata.Name}");
            if (got.Count == 4)
            {
                break;
            }
        }

        Assert.Equal(["Relisted a", "Added b", "Relisted a,b,c", "Modified c"], got);
        Assert.Equal(["11", "20"], reconnects);
        var watches = server.Requests.Where(r => r.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.All(watches, w => Assert.Contains("allowWatchBookmarks=true", w, StringComparison.Ordinal));
        Assert.Equal(["10", "11", "20"], watches.Take(3).Select(w => w.Split("resourceVersion=")[1].Split('&')[0]));
    }

    [Fact]
    public async Task A_forbidden_watch_is_not_retried_but_thrown()
    {
        using var server = new StubApiServer(c => c.Request.QueryString["watch"] == "true"
            ? StubApiServer.WriteAsync(c, 403, StubApiServer.Status(403, "Forbidden", "cannot watch pods"))
            : StubApiServer.WriteAsync(c, 200, List("3")));
        using var client = KubernetesClients.Create(server.Configuration);

        var e = await Assert.ThrowsAsync<KubernetesForbiddenException>(async () =>
        {
            await foreach (var _ in KubernetesListWatch.PodsAsync(client, "spark"))
            {
            }
        });
        Assert.Equal("watch", e.Verb);
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"watch\"]}", e.MissingRule);
    }

    [Fact]
    public async Task A_resync_interval_lists_again_at_the_end_of_a_connection_cut_to_fit()
    {
        using var server = new StubApiServer(c => c.Request.QueryString["watch"] == "true"
            ? StreamAsync(c)
            : StubApiServer.WriteAsync(c, 200, List("3", Pod("a", "2"))));
        using var client = KubernetesClients.Create(server.Configuration);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var relists = 0;
        await foreach (var ev in KubernetesListWatch.PodsAsync(
            client, "spark", new ListWatchOptions { ResyncInterval = TimeSpan.FromMilliseconds(300), ServerTimeout = TimeSpan.FromMinutes(5) }, cts.Token))
        {
            if (ev.Type == ListWatchEventType.Relisted && ++relists == 3)
            {
                break;
            }
        }

        var watches = server.Requests.Where(r => r.Contains("watch=true", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(watches);
        Assert.All(watches, w => Assert.Contains("timeoutSeconds=1", w, StringComparison.Ordinal));
    }
}
