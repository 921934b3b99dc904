using System.Net;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>The real server's refusals arrive as Kiln's typed errors, whatever official client call made the request.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientErrorTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "contended" }, Data = new Dictionary<string, string> { ["v"] = "0" } }, _ns);
        var stale = await Client.CoreV1.ReadNamespacedConfigMapAsync("contended", _ns);
        cm.Data["v"] = "1";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "contended", _ns);

        stale.Data["v"] = "2";
        var e = await Assert.ThrowsAsync<KubernetesConflictException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(stale, "contended", _ns));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("update", e.Request.Verb);

        var dup = await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "contended" } }, _ns));
        Assert.Equal("AlreadyExists", dup.Reason);
    }

    [Fact]
    public async Task An_invalid_object_is_a_422_naming_the_invalid_fields()
    {
        var e = await Assert.ThrowsAsync<KubernetesInvalidException>(() => Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "Not_A_Valid_Name" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "c" }] },
            },
            _ns));
        Assert.Equal(422, (int)e.StatusCode);
        Assert.Equal("Invalid", e.Reason);
        Assert.Contains("metadata.name", e.InvalidFields);
        Assert.Contains("spec.containers[0].image", e.InvalidFields);
        Assert.Contains("metadata.name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restricted_service_account_gets_a_403_naming_verb_resource_namespace_and_missing_rule()
    {
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(
            new V1Role
            {
                Metadata = new V1ObjectMeta { Name = "read-configmaps" },
                Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list"] }],
            },
            _ns);
        await ClusterAccounts.BindAsync(Client, _ns, "restricted-reads", "Role", "read-configmaps", "restricted");
        var token = await ClusterAccounts.CreateWithTokenAsync(Client, _ns, "restricted");
        using var restricted = KubernetesClients.Create(ClusterAccounts.WithToken(cluster, token, _ns));

        Assert.NotNull(await restricted.CoreV1.ListNamespacedConfigMapAsync(_ns));
        var e = await Assert.ThrowsAsync<KubernetesForbiddenException>(() => restricted.CoreV1.ListNamespacedPodAsync(_ns));
        Assert.Equal(403, (int)e.StatusCode);
        Assert.Equal("list", e.Verb);
        Assert.Equal("pods", e.Resource);
        Assert.Equal(_ns, e.Namespace);
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"list\"]}", e.MissingRule);
        Assert.Contains($"system:serviceaccount:{_ns}:restricted", e.Message, StringComparison.Ordinal);
        Assert.Contains("Missing RBAC rule", e.Message, StringComparison.Ordinal);

        var create = await Assert.ThrowsAsync<KubernetesForbiddenException>(() =>
            restricted.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "nope" } }, _ns));
        Assert.Equal("create", create.Verb);
        Assert.Equal("configmaps", create.Resource);

        var watch = await Assert.ThrowsAsync<KubernetesForbiddenException>(async () =>
        {
            await foreach (var _ in restricted.CoreV1.WatchListNamespacedPodAsync(_ns))
            {
            }
        });
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"watch\"]}", watch.MissingRule);

        var logs = await Assert.ThrowsAsync<KubernetesForbiddenException>(() => restricted.CoreV1.ReadNamespacedPodLogAsync("any", _ns));
        Assert.Equal("pods/log", logs.Resource);
        Assert.Equal("get", logs.Verb);
    }
}
