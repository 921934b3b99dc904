using System.Diagnostics;
using k8s;
using k8s.Models;
using Kiln.Kubernetes.Watch;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Official watches through Kiln's pipeline, and Kiln's list-then-watch helper, against the real server.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<V1ConfigMap> CreateAsync(string name, string set) => Client.CoreV1.CreateNamespacedConfigMapAsync(
        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["set"] = set } } }, _ns);

    private IAsyncEnumerable<ListWatchEvent<V1ConfigMap>> ConfigMaps(ListWatchOptions options, CancellationToken cancellationToken) =>
        KubernetesListWatch.ListAndWatchAsync<V1ConfigMap, V1ConfigMapList>(
            (r, ct) => Client.CoreV1.ListNamespacedConfigMapAsync(
                _ns, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
            (r, onError, ct) => Client.CoreV1.WatchListNamespacedConfigMapAsync(
                _ns, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
            options,
            cancellationToken);

    private IAsyncEnumerable<ListWatchEvent<Corev1Event>> Events(ListWatchOptions options, CancellationToken cancellationToken) =>
        KubernetesListWatch.ListAndWatchAsync<Corev1Event, Corev1EventList>(
            (r, ct) => Client.CoreV1.ListNamespacedEventAsync(
                _ns, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
            (r, onError, ct) => Client.CoreV1.WatchListNamespacedEventAsync(
                _ns, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
            options,
            cancellationToken);

    [Fact]
    public async Task An_official_watch_from_a_resource_version_sees_later_changes_and_is_not_cut_by_the_request_timeout()
    {
        using var client = KubernetesClients.Create(cluster.AdminConfiguration, new KubernetesClientOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(_ns, labelSelector: "set=raw");
        await CreateAsync("raw-1", "raw");
        var seen = new List<(WatchEventType Type, V1ConfigMap Object)>();
        var clock = Stopwatch.StartNew();
        await foreach (var ev in client.CoreV1.WatchListNamespacedConfigMapAsync(
            _ns, labelSelector: "set=raw", resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, timeoutSeconds: 5))
        {
            seen.Add(ev);
        }

        // Bookmarks are requested, but kube-apiserver 1.20 sends them about once a minute: none is expected here.
        var added = Assert.Single(seen, e => e.Type != WatchEventType.Bookmark);
        Assert.Equal(WatchEventType.Added, added.Type);
        Assert.Equal("raw-1", added.Object.Metadata.Name);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Bookmarks_advance_the_resource_version_past_changes_the_selector_filters_out()
    {
        // kube-apiserver 1.20 sends a watcher a bookmark about once a minute (so this test takes that long), and
        // only after a change newer than the watch's start went through its cache, filtered out or not.
        await CreateAsync("watched", "bookmark");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(100));
        Task<V1ConfigMap>? unrelated = null;
        ListWatchEvent<V1ConfigMap>? bookmark = null;
        await foreach (var ev in ConfigMaps(new ListWatchOptions { LabelSelector = "set=bookmark", ServerTimeout = TimeSpan.FromSeconds(95) }, cts.Token))
        {
            if (ev.Type == ListWatchEventType.Relisted)
            {
                Assert.Equal("watched", Assert.Single(ev.Items!).Metadata.Name);
                unrelated = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    return await CreateAsync("unrelated", "other");
                });
            }
            else if (ev.Type == ListWatchEventType.Bookmark)
            {
                bookmark = ev;
                break;
            }
            else
            {
                Assert.Fail($"unexpected {ev.Type} of {ev.Object?.Metadata.Name}");
            }
        }

        var unrelatedVersion = (await unrelated!).Metadata.ResourceVersion;
        Assert.NotNull(bookmark);
        Assert.Null(bookmark.Object!.Metadata.Name);
        Assert.True(
            long.Parse(bookmark.Object.Metadata.ResourceVersion) >= long.Parse(unrelatedVersion),
            $"bookmark {bookmark.Object.Metadata.ResourceVersion} should be at or after {unrelatedVersion}");
    }

    [Fact]
    public async Task ListAndWatch_survives_forced_reconnects_without_losing_events()
    {
        await CreateAsync("before", "reconnect");
        var reconnects = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<ListWatchEvent<V1ConfigMap>>();
        var watch = Task.Run(async () =>
        {
            var options = new ListWatchOptions
            {
                LabelSelector = "set=reconnect",
                ServerTimeout = TimeSpan.FromSeconds(1),
                Reconnecting = _ => Interlocked.Increment(ref reconnects),
            };
            await foreach (var ev in ConfigMaps(options, cts.Token))
            {
                lock (events)
                {
                    events.Add(ev);
                }

                if (ev.Type == ListWatchEventType.Deleted && ev.Object?.Metadata.Name == "during-2")
                {
                    return;
                }
            }
        });

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reconnects) >= 1), TimeSpan.FromSeconds(20), "a first reconnect");
        await CreateAsync("during-1", "reconnect");
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref reconnects) >= 3), TimeSpan.FromSeconds(20), "more reconnects");
        await CreateAsync("during-2", "reconnect");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(new { data = new { x = "y" } }, V1Patch.PatchType.MergePatch), "during-1", _ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("during-2", _ns);
        await watch.WaitAsync(TimeSpan.FromSeconds(30));

        List<ListWatchEvent<V1ConfigMap>> got;
        lock (events)
        {
            got = events.Where(e => e.Type != ListWatchEventType.Bookmark).ToList();
        }

        Assert.Equal(ListWatchEventType.Relisted, got[0].Type);
        Assert.Equal("before", Assert.Single(got[0].Items!).Metadata.Name);
        Assert.Equal(
            [(ListWatchEventType.Added, "during-1"), (ListWatchEventType.Added, "during-2"), (ListWatchEventType.Modified, "during-1"), (ListWatchEventType.Deleted, "during-2")],
            got.Skip(1).Select(e => (e.Type, e.Object!.Metadata.Name)).ToList());
        Assert.True(reconnects >= 3, $"expected at least 3 reconnects, saw {reconnects}");
    }

    private Task<Corev1Event> EventAsync(string name, string set) => Client.CoreV1.CreateNamespacedEventAsync(
        new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["set"] = set } },
            InvolvedObject = new V1ObjectReference { Kind = "ConfigMap", Name = name, NamespaceProperty = _ns },
            Reason = "Testing",
            Message = name,
        },
        _ns);

    /// <summary>Events are served from etcd (no watch cache), so compacting etcd makes an old resourceVersion expire.</summary>
    private async Task<string> ExpiredResourceVersionAsync(string set)
    {
        var old = await EventAsync($"{set}-old", set);
        await EventAsync($"{set}-newer", set);
        var latest = await EventAsync($"{set}-latest", set);

        // Compaction keeps the given revision and drops what is older: a watch from "old" would need "newer".
        await cluster.CompactEtcdAsync(latest.Metadata.ResourceVersion);
        return old.Metadata.ResourceVersion;
    }

    [Fact]
    public async Task A_410_gone_makes_ListAndWatch_relist_and_continue()
    {
        var expired = await ExpiredResourceVersionAsync("gone");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var events = Events(new ListWatchOptions { LabelSelector = "set=gone", ResourceVersion = expired }, cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(ListWatchEventType.Relisted, events.Current.Type);
        Assert.Equal(["gone-latest", "gone-newer", "gone-old"], events.Current.Items!.Select(e => e.Metadata.Name).Order());

        await EventAsync("after-gone", "gone");
        do
        {
            Assert.True(await events.MoveNextAsync());
        }
        while (events.Current.Type == ListWatchEventType.Bookmark);

        Assert.Equal(ListWatchEventType.Added, events.Current.Type);
        Assert.Equal("after-gone", events.Current.Object!.Metadata.Name);
    }

    [Fact]
    public async Task An_official_watch_from_a_compacted_version_throws_gone()
    {
        var expired = await ExpiredResourceVersionAsync("raw-gone");
        var e = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedEventAsync(_ns, resourceVersion: expired, timeoutSeconds: 10))
            {
            }
        });
        Assert.Equal(410, (int)e.StatusCode);
        Assert.Equal("Expired", e.Reason);
        Assert.Equal("watch", e.Request.Verb);
        Assert.Equal("events", e.Request.Resource);
    }
}
