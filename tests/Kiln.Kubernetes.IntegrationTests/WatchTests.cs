using System.Diagnostics;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class WatchTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private KubernetesClient Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<ConfigMap> CreateAsync(string name, string set) =>
        Client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = name, Namespace = _ns, Labels = new() { ["set"] = set } } });

    [Fact]
    public async Task Raw_watch_from_a_resource_version_sees_later_changes_and_ends_at_the_server_timeout()
    {
        var list = await Client.ConfigMaps.ListAsync(_ns, new ListOptions { LabelSelector = "set=raw" });
        await CreateAsync("raw-1", "raw");
        var seen = new List<WatchEvent<ConfigMap>>();
        var clock = Stopwatch.StartNew();
        await foreach (var ev in Client.ConfigMaps.WatchAsync(_ns, new WatchOptions
        {
            LabelSelector = "set=raw",
            ResourceVersion = list.Metadata.ResourceVersion,
            ServerTimeout = TimeSpan.FromSeconds(5),
        }))
        {
            seen.Add(ev);
        }

        // Bookmarks are requested, but kube-apiserver 1.20 sends them about once a minute: none is expected here.
        var added = Assert.Single(seen, e => e.Type != WatchEventType.Bookmark);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("raw-1", added.Object!.Metadata.Name);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Bookmarks_advance_the_resource_version_past_changes_the_selector_filters_out()
    {
        // kube-apiserver 1.20 sends a watcher a bookmark about once a minute (so this test takes that long), and
        // only after a change newer than the watch's start went through its cache, filtered out or not.
        await CreateAsync("watched", "bookmark");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        Task<ConfigMap>? unrelated = null;
        WatchEvent<ConfigMap>? bookmark = null;
        await foreach (var ev in Client.ConfigMaps.ListAndWatchAsync(
            _ns, new WatchOptions { LabelSelector = "set=bookmark", ServerTimeout = TimeSpan.FromSeconds(95) }, cts.Token))
        {
            if (ev.Type == WatchEventType.Relisted)
            {
                // Once the watch connection is open, change something the selector filters out.
                unrelated = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    return await CreateAsync("unrelated", "other");
                });
            }
            else if (ev.Type == WatchEventType.Bookmark)
            {
                bookmark = ev;
                break;
            }
            else
            {
                Assert.Fail($"unexpected {ev.Type} of {ev.Object?.Metadata.Name}");
            }
        }

        var unrelatedVersion = (await unrelated!).Metadata.ResourceVersion!;
        Assert.NotNull(bookmark);
        Assert.Null(bookmark.Object!.Metadata.Name);
        Assert.True(
            long.Parse(bookmark.Object.Metadata.ResourceVersion!) >= long.Parse(unrelatedVersion),
            $"bookmark {bookmark.Object.Metadata.ResourceVersion} should be at or after {unrelatedVersion}");
    }

    [Fact]
    public async Task ListAndWatch_survives_forced_reconnects_without_losing_events()
    {
        await CreateAsync("before", "reconnect");
        var reconnects = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<WatchEvent<ConfigMap>>();
        var watch = Task.Run(async () =>
        {
            await foreach (var ev in Client.ConfigMaps.ListAndWatchAsync(_ns, new WatchOptions
            {
                LabelSelector = "set=reconnect",
                ServerTimeout = TimeSpan.FromSeconds(1),
                Reconnecting = _ => Interlocked.Increment(ref reconnects),
            }, cts.Token))
            {
                lock (events)
                {
                    events.Add(ev);
                }

                if (ev.Type == WatchEventType.Deleted && ev.Object?.Metadata.Name == "during-2")
                {
                    return;
                }
            }
        });

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reconnects) >= 1), TimeSpan.FromSeconds(20), "a first reconnect");
        await CreateAsync("during-1", "reconnect");
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reconnects) >= 3), TimeSpan.FromSeconds(20), "more reconnects");
        await CreateAsync("during-2", "reconnect");
        await Client.ConfigMaps.PatchAsync(_ns, "during-1", KubernetesPatch.Merge(new { data = new { x = "y" } }));
        await Client.ConfigMaps.DeleteAsync(_ns, "during-2");
        await watch.WaitAsync(TimeSpan.FromSeconds(30));

        List<WatchEvent<ConfigMap>> got;
        lock (events)
        {
            got = events.Where(e => e.Type != WatchEventType.Bookmark).ToList();
        }

        Assert.Equal(WatchEventType.Relisted, got[0].Type);
        Assert.Equal("before", Assert.Single(got[0].Items!).Metadata.Name);
        Assert.Equal(
            [(WatchEventType.Added, "during-1"), (WatchEventType.Added, "during-2"), (WatchEventType.Modified, "during-1"), (WatchEventType.Deleted, "during-2")],
            got.Skip(1).Select(e => (e.Type, e.Object!.Metadata.Name)).ToList());
        Assert.True(reconnects >= 3, $"expected at least 3 reconnects, saw {reconnects}");
    }

    private Task<Event> EventAsync(string name, string set) => Client.Events.CreateAsync(new Event
    {
        Metadata = new ObjectMeta { Name = name, Namespace = _ns, Labels = new() { ["set"] = set } },
        InvolvedObject = new ObjectReference { Kind = "ConfigMap", Name = name, Namespace = _ns },
        Reason = "Testing",
        Message = name,
    });

    /// <summary>Events are served from etcd (no watch cache), so compacting etcd makes an old resourceVersion expire.</summary>
    private async Task<string> ExpiredResourceVersionAsync(string set)
    {
        var old = await EventAsync($"{set}-old", set);
        await EventAsync($"{set}-newer", set);
        var latest = await EventAsync($"{set}-latest", set);

        // Compaction keeps the given revision and drops what is older: a watch from "old" would need "newer".
        await cluster.CompactEtcdAsync(latest.Metadata.ResourceVersion!);
        return old.Metadata.ResourceVersion!;
    }

    [Fact]
    public async Task A_410_gone_makes_ListAndWatch_relist_and_continue()
    {
        var expired = await ExpiredResourceVersionAsync("gone");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = Client.Events.ListAndWatchAsync(
            _ns, new WatchOptions { LabelSelector = "set=gone", ResourceVersion = expired }, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(WatchEventType.Relisted, events.Current.Type);
        Assert.Equal(["gone-latest", "gone-newer", "gone-old"], events.Current.Items!.Select(e => e.Metadata.Name).Order());

        await EventAsync("after-gone", "gone");
        do
        {
            Assert.True(await events.MoveNextAsync());
        }
        while (events.Current.Type == WatchEventType.Bookmark);

        Assert.Equal(WatchEventType.Added, events.Current.Type);
        Assert.Equal("after-gone", events.Current.Object!.Metadata.Name);
    }

    [Fact]
    public async Task A_raw_watch_from_a_compacted_version_throws_gone()
    {
        var expired = await ExpiredResourceVersionAsync("raw-gone");
        var e = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in Client.Events.WatchAsync(_ns, new WatchOptions { ResourceVersion = expired, ServerTimeout = TimeSpan.FromSeconds(10) }))
            {
            }
        });
        Assert.Equal(410, (int)e.StatusCode);
        Assert.Equal("Expired", e.Reason);
    }
}
