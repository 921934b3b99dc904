using System.Net;
using System.Text.Json;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class ClientErrorTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private KubernetesClient Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Update_with_a_stale_resource_version_is_a_409_conflict()
    {
        var cm = await Client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "contended", Namespace = _ns }, Data = new() { ["v"] = "0" } });
        var stale = await Client.ConfigMaps.GetAsync(_ns, "contended");
        cm.Data!["v"] = "1";
        await Client.ConfigMaps.UpdateAsync(cm);

        stale.Data!["v"] = "2";
        var e = await Assert.ThrowsAsync<KubernetesConflictException>(() => Client.ConfigMaps.UpdateAsync(stale));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("update", e.Request.Verb);

        var dup = await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            Client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "contended", Namespace = _ns } }));
        Assert.Equal("AlreadyExists", dup.Reason);
    }

    [Fact]
    public async Task An_invalid_object_is_a_422_naming_the_invalid_fields()
    {
        var e = await Assert.ThrowsAsync<KubernetesInvalidException>(() => Client.Pods.CreateAsync(new Pod
        {
            Metadata = new ObjectMeta { Name = "Not_A_Valid_Name", Namespace = _ns },
            Spec = new PodSpec { Containers = [new Container { Name = "c" }] },
        }));
        Assert.Equal(422, (int)e.StatusCode);
        Assert.Equal("Invalid", e.Reason);
        Assert.Contains("metadata.name", e.InvalidFields);
        Assert.Contains("spec.containers[0].image", e.InvalidFields);
        Assert.Contains("metadata.name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restricted_service_account_gets_a_403_naming_verb_resource_namespace_and_missing_rule()
    {
        await Client.ServiceAccounts.CreateAsync(new ServiceAccount { Metadata = new ObjectMeta { Name = "restricted", Namespace = _ns } });
        var rbacRoles = KubernetesResources.Custom("rbac.authorization.k8s.io", "v1", "roles", "Role", true);
        var rbacBindings = KubernetesResources.Custom("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
        await Client.Resource(rbacRoles).CreateAsync(new CustomObject("rbac.authorization.k8s.io/v1", "Role")
        {
            Metadata = new ObjectMeta { Name = "read-configmaps", Namespace = _ns },
            ExtensionData = new Dictionary<string, JsonElement>
            {
                ["rules"] = JsonSerializer.SerializeToElement(new[] { new { apiGroups = new[] { "" }, resources = new[] { "configmaps" }, verbs = new[] { "get", "list" } } }),
            },
        });
        await Client.Resource(rbacBindings).CreateAsync(new CustomObject("rbac.authorization.k8s.io/v1", "RoleBinding")
        {
            Metadata = new ObjectMeta { Name = "restricted-reads", Namespace = _ns },
            ExtensionData = new Dictionary<string, JsonElement>
            {
                ["roleRef"] = JsonSerializer.SerializeToElement(new { apiGroup = "rbac.authorization.k8s.io", kind = "Role", name = "read-configmaps" }),
                ["subjects"] = JsonSerializer.SerializeToElement(new[] { new { kind = "ServiceAccount", name = "restricted", @namespace = _ns } }),
            },
        });

        var sa = await Eventually.HoldsAsync(
            () => Client.ServiceAccounts.TryGetAsync(_ns, "restricted"), s => s.Secrets?.Count > 0, TimeSpan.FromSeconds(30), "the service account token");
        var secret = await Client.Secrets.GetAsync(_ns, sa.Secrets![0].Name!);
        var token = System.Text.Encoding.UTF8.GetString(secret.Data!["token"]);
        using var restricted = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = Client.Configuration.Server,
            CertificateAuthorities = Client.Configuration.CertificateAuthorities,
            TokenSource = new Config.StaticTokenSource(token),
            Namespace = _ns,
        });

        Assert.NotNull(await restricted.ConfigMaps.ListAsync(_ns));
        var e = await Assert.ThrowsAsync<KubernetesForbiddenException>(() => restricted.Pods.ListAsync(_ns));
        Assert.Equal(403, (int)e.StatusCode);
        Assert.Equal("list", e.Verb);
        Assert.Equal("pods", e.Resource);
        Assert.Equal(_ns, e.Namespace);
        Assert.Equal("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"list\"]}", e.MissingRule);
        Assert.Contains($"system:serviceaccount:{_ns}:restricted", e.Message, StringComparison.Ordinal);
        Assert.Contains("Missing RBAC rule", e.Message, StringComparison.Ordinal);

        var create = await Assert.ThrowsAsync<KubernetesForbiddenException>(() =>
            restricted.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "nope", Namespace = _ns } }));
        Assert.Equal("create", create.Verb);
        Assert.Equal("configmaps", create.Resource);
    }
}
