using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>The official client's verbs through Kiln's pipeline against the real API server.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientVerbTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    private V1ConfigMap NewConfigMap(string name, Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = _ns, Labels = labels },
        Data = new Dictionary<string, string> { ["a"] = "1" },
    };

    private Task<V1ConfigMap> CreateAsync(V1ConfigMap cm) => Client.CoreV1.CreateNamespacedConfigMapAsync(cm, _ns);

    private Task<V1ConfigMap?> TryGetAsync(string name) => Missing.OrNullAsync(() => Client.CoreV1.ReadNamespacedConfigMapAsync(name, _ns));

    [Fact]
    public async Task Create_get_update_delete_round_trip()
    {
        var created = await CreateAsync(NewConfigMap("crud"));
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(_ns, created.Metadata.NamespaceProperty);

        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("crud", _ns);
        Assert.Equal("1", read.Data["a"]);

        read.Data["b"] = "2";
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "crud", _ns);
        Assert.Equal("2", updated.Data["b"]);
        Assert.NotEqual(read.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("crud", _ns);
        Assert.Null(await TryGetAsync("crud"));
        var e = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("crud", _ns));
        Assert.Equal(new KubernetesRequestInfo("get", "", "configmaps", null, _ns, "crud"), e.Request);
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selector_and_pages_with_continue_tokens()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync(NewConfigMap($"page-{i}", new() { ["set"] = "paging", ["parity"] = i % 2 == 0 ? "even" : "odd" }));
        }

        var even = await Client.CoreV1.ListNamespacedConfigMapAsync(_ns, labelSelector: "set=paging,parity=even");
        Assert.Equal(["page-0", "page-2", "page-4"], even.Items.Select(c => c.Metadata.Name).Order());

        var byName = await Client.CoreV1.ListNamespacedConfigMapAsync(_ns, fieldSelector: "metadata.name=page-3");
        Assert.Equal("page-3", Assert.Single(byName.Items).Metadata.Name);

        var all = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(_ns, labelSelector: "set=paging", limit: 2, continueParameter: token);
            Assert.True(page.Items.Count <= 2);
            all.AddRange(page.Items.Select(c => c.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(["page-0", "page-1", "page-2", "page-3", "page-4"], all.Order());
    }

    [Fact]
    public async Task Patch_supports_merge_strategic_merge_and_json_patch()
    {
        await CreateAsync(NewConfigMap("patched"));

        var merged = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(new { data = new { m = "merge" } }, V1Patch.PatchType.MergePatch), "patched", _ns);
        Assert.Equal("merge", merged.Data["m"]);
        Assert.Equal("1", merged.Data["a"]);

        var strategic = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(new { metadata = new { labels = new Dictionary<string, string> { ["s"] = "strategic" } } }, V1Patch.PatchType.StrategicMergePatch),
            "patched",
            _ns);
        Assert.Equal("strategic", strategic.Metadata.Labels["s"]);

        var json = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(
                new JsonArray
                {
                    new JsonObject { ["op"] = "remove", ["path"] = "/data/a" },
                    new JsonObject { ["op"] = "add", ["path"] = "/data/j", ["value"] = "json" },
                },
                V1Patch.PatchType.JsonPatch),
            "patched",
            _ns);
        Assert.False(json.Data.ContainsKey("a"));
        Assert.Equal("json", json.Data["j"]);
    }

    [Fact]
    public async Task Delete_honours_propagation_policy_orphan()
    {
        var owner = await CreateAsync(NewConfigMap("owner-orphan"));
        var dependent = NewConfigMap("dependent-orphan");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid }];
        await CreateAsync(dependent);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner-orphan", _ns, new V1DeleteOptions { PropagationPolicy = "Orphan" });
        await Eventually.TrueAsync(async () => await TryGetAsync("owner-orphan") is null, TimeSpan.FromSeconds(30), "the owner to go");

        var orphan = await Eventually.HoldsAsync(
            () => TryGetAsync("dependent-orphan"),
            c => c.Metadata.OwnerReferences is null || c.Metadata.OwnerReferences.Count == 0,
            TimeSpan.FromSeconds(30),
            "the dependent to be orphaned");
        Assert.NotNull(orphan);
    }

    [Fact]
    public async Task Delete_with_precondition_on_a_stale_uid_is_a_conflict()
    {
        await CreateAsync(NewConfigMap("precondition"));
        var e = await Assert.ThrowsAsync<KubernetesConflictException>(() => Client.CoreV1.DeleteNamespacedConfigMapAsync(
            "precondition",
            _ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "00000000-0000-0000-0000-000000000000" }, GracePeriodSeconds = 0 }));
        Assert.Equal(409, (int)e.StatusCode);
        Assert.Equal("delete", e.Request.Verb);
        Assert.NotNull(await TryGetAsync("precondition"));
    }

    [Fact]
    public async Task Cluster_scoped_resources_list_nodes_and_namespaces()
    {
        var nodes = await Client.CoreV1.ListNodeAsync();
        Assert.Contains(nodes.Items, n => n.Metadata.Name == "kiln-node-1");
        Assert.Contains(nodes.Items, n => n.Metadata.Name == "kiln-node-2");
        var ns = await Client.CoreV1.ReadNamespaceAsync(_ns);
        Assert.Equal("Active", ns.Status?.Phase);
    }

    [Fact]
    public async Task Secrets_services_leases_and_events_round_trip()
    {
        var secret = await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["password"] = "hunter2" } }, _ns);
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString((await Client.CoreV1.ReadNamespacedSecretAsync("s", _ns)).Data["password"]));
        Assert.Null(secret.StringData);

        var svc = await Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = "svc" },
                Spec = new V1ServiceSpec
                {
                    Selector = new Dictionary<string, string> { ["app"] = "x" },
                    Ports = [new V1ServicePort { Port = 80, TargetPort = 8080 }],
                },
            },
            _ns);
        Assert.Equal("8080", svc.Spec.Ports[0].TargetPort.Value);
        Assert.False(string.IsNullOrEmpty(svc.Spec.ClusterIP));

        var renew = DateTime.UtcNow;
        var lease = await Client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "leader" }, Spec = new V1LeaseSpec { HolderIdentity = "me", LeaseDurationSeconds = 15, RenewTime = renew } },
            _ns);
        Assert.Equal("me", lease.Spec.HolderIdentity);
        Assert.True((lease.Spec.RenewTime!.Value - renew).Duration() < TimeSpan.FromMilliseconds(1));

        await Client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "ev" },
                InvolvedObject = new V1ObjectReference { Kind = "Lease", Name = "leader", NamespaceProperty = _ns },
                Reason = "Tested",
                Message = "hello",
                Type = "Normal",
            },
            _ns);
        var events = await Client.CoreV1.ListNamespacedEventAsync(_ns, fieldSelector: "reason=Tested");
        Assert.Equal("hello", Assert.Single(events.Items).Message);
    }

    [Fact]
    public async Task A_pod_spec_keeps_fields_Kiln_never_modelled()
    {
        var pod = TestPods.Shell(_ns, "rich", "true");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kiln.dev/test-node", OperatorProperty = "In", Values = ["true"] }] }],
                },
            },
        };
        pod.Spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "kubernetes.io/hostname", WhenUnsatisfiable = "ScheduleAnyway" }];
        pod.Spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = false, FsGroup = 2000 };
        pod.Spec.Containers[0].SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false };
        var created = await TestPods.CreateAsync(Client, pod);

        var read = await Client.CoreV1.ReadNamespacedPodAsync("rich", _ns);
        Assert.Equal("kiln.dev/test-node", read.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Key);
        Assert.Equal("kubernetes.io/hostname", Assert.Single(read.Spec.TopologySpreadConstraints).TopologyKey);
        Assert.Equal(2000, read.Spec.SecurityContext.FsGroup);
        Assert.False(read.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
    }
}
