using System.Text.Json.Nodes;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class ClientVerbTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private KubernetesClient Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    private ConfigMap NewConfigMap(string name, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = _ns, Labels = labels },
        Data = new() { ["a"] = "1" },
    };

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var created = await Client.ConfigMaps.CreateAsync(NewConfigMap("crud"));
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(_ns, created.Metadata.Namespace);

        var read = await Client.ConfigMaps.GetAsync(_ns, "crud");
        Assert.Equal("1", read.Data!["a"]);

        read.Data["b"] = "2";
        var updated = await Client.ConfigMaps.UpdateAsync(read);
        Assert.Equal("2", updated.Data!["b"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        await Client.ConfigMaps.DeleteAsync(_ns, "crud");
        Assert.Null(await Client.ConfigMaps.TryGetAsync(_ns, "crud"));
        await Assert.ThrowsAsync<KubernetesNotFoundException>(() => Client.ConfigMaps.GetAsync(_ns, "crud"));
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selector_and_pages_with_continue_tokens()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.ConfigMaps.CreateAsync(NewConfigMap($"page-{i}", new() { ["set"] = "paging", ["parity"] = i % 2 == 0 ? "even" : "odd" }));
        }

        var even = await Client.ConfigMaps.ListAsync(_ns, new ListOptions { LabelSelector = "set=paging,parity=even" });
        Assert.Equal(["page-0", "page-2", "page-4"], even.Items.Select(c => c.Metadata.Name).Order());

        var byName = await Client.ConfigMaps.ListAsync(_ns, new ListOptions { FieldSelector = "metadata.name=page-3" });
        Assert.Equal("page-3", Assert.Single(byName.Items).Metadata.Name);

        var first = await Client.ConfigMaps.ListAsync(_ns, new ListOptions { LabelSelector = "set=paging", Limit = 2 });
        Assert.Equal(2, first.Items.Count);
        Assert.False(string.IsNullOrEmpty(first.Metadata.Continue));

        var all = new List<string>();
        await foreach (var cm in Client.ConfigMaps.ListAllAsync(_ns, new ListOptions { LabelSelector = "set=paging", Limit = 2 }))
        {
            all.Add(cm.Metadata.Name!);
        }

        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], all.Order());
    }

    [Fact]
    public async Task Patch_supports_merge_strategic_merge_and_json_patch()
    {
        await Client.ConfigMaps.CreateAsync(NewConfigMap("patched"));

        var merged = await Client.ConfigMaps.PatchAsync(_ns, "patched", KubernetesPatch.Merge(new { data = new { m = "merge" } }));
        Assert.Equal("merge", merged.Data!["m"]);
        Assert.Equal("1", merged.Data["a"]);

        var strategic = await Client.ConfigMaps.PatchAsync(
            _ns, "patched", KubernetesPatch.StrategicMerge(new { metadata = new { labels = new Dictionary<string, string> { ["s"] = "strategic" } } }));
        Assert.Equal("strategic", strategic.Metadata.Labels!["s"]);

        var json = await Client.ConfigMaps.PatchAsync(_ns, "patched", KubernetesPatch.Json(new JsonArray
        {
            new JsonObject { ["op"] = "remove", ["path"] = "/data/a" },
            new JsonObject { ["op"] = "add", ["path"] = "/data/j", ["value"] = "json" },
        }));
        Assert.False(json.Data!.ContainsKey("a"));
        Assert.Equal("json", json.Data["j"]);
    }

    [Fact]
    public async Task Delete_honours_propagation_policy_orphan()
    {
        var owner = await Client.ConfigMaps.CreateAsync(NewConfigMap("owner-orphan"));
        var dependent = NewConfigMap("dependent-orphan");
        dependent.Metadata.OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid }];
        await Client.ConfigMaps.CreateAsync(dependent);

        await Client.ConfigMaps.DeleteAsync(_ns, "owner-orphan", new DeleteOptions { PropagationPolicy = "Orphan" });
        await Eventually.TrueAsync(async () => await Client.ConfigMaps.TryGetAsync(_ns, "owner-orphan") is null, TimeSpan.FromSeconds(30), "the owner to go");

        var orphan = await Eventually.HoldsAsync(
            () => Client.ConfigMaps.TryGetAsync(_ns, "dependent-orphan"),
            c => c.Metadata.OwnerReferences is null || c.Metadata.OwnerReferences.Count == 0,
            TimeSpan.FromSeconds(30),
            "the dependent to be orphaned");
        Assert.NotNull(orphan);
    }

    [Fact]
    public async Task Delete_with_precondition_on_a_stale_uid_is_a_conflict()
    {
        await Client.ConfigMaps.CreateAsync(NewConfigMap("precondition"));
        var e = await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            Client.ConfigMaps.DeleteAsync(_ns, "precondition", new DeleteOptions { PreconditionUid = "00000000-0000-0000-0000-000000000000", GracePeriodSeconds = 0 }));
        Assert.Equal(409, (int)e.StatusCode);
        Assert.NotNull(await Client.ConfigMaps.TryGetAsync(_ns, "precondition"));
    }

    [Fact]
    public async Task Cluster_scoped_resources_list_nodes_and_namespaces()
    {
        var nodes = await Client.Nodes.ListAsync(null);
        Assert.Contains(nodes.Items, n => n.Metadata.Name == "kiln-node-1");
        Assert.Contains(nodes.Items, n => n.Metadata.Name == "kiln-node-2");
        var ns = await Client.Namespaces.GetAsync(null, _ns);
        Assert.Equal("Active", ns.Status?.Phase);
    }

    [Fact]
    public async Task Secrets_services_leases_and_events_round_trip()
    {
        var secret = await Client.Secrets.CreateAsync(new Secret
        {
            Metadata = new ObjectMeta { Name = "s", Namespace = _ns },
            StringData = new() { ["password"] = "hunter2" },
        });
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString((await Client.Secrets.GetAsync(_ns, "s")).Data!["password"]));
        Assert.Null(secret.StringData);

        var svc = await Client.Services.CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "svc", Namespace = _ns },
            Spec = new ServiceSpec { Selector = new() { ["app"] = "x" }, Ports = [new ServicePort { Port = 80, TargetPort = IntOrString.FromInt(8080) }] },
        });
        Assert.Equal(8080, svc.Spec!.Ports![0].TargetPort!.IntValue);
        Assert.False(string.IsNullOrEmpty(svc.Spec.ClusterIP));

        var renew = DateTimeOffset.UtcNow;
        var lease = await Client.Leases.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Name = "leader", Namespace = _ns },
            Spec = new LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15, RenewTime = renew },
        });
        Assert.Equal("me", lease.Spec!.HolderIdentity);
        Assert.True((lease.Spec.RenewTime!.Value - renew).Duration() < TimeSpan.FromMilliseconds(1));

        await Client.Events.CreateAsync(new Event
        {
            Metadata = new ObjectMeta { Name = "ev", Namespace = _ns },
            InvolvedObject = new ObjectReference { Kind = "Lease", Name = "leader", Namespace = _ns },
            Reason = "Tested",
            Message = "hello",
            Type = "Normal",
        });
        var events = await Client.Events.ListAsync(_ns, new ListOptions { FieldSelector = "reason=Tested" });
        Assert.Equal("hello", Assert.Single(events.Items).Message);
    }
}
