using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>CRDs (typed) and custom objects (the official generic calls) through Kiln's pipeline.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomResourceTests(ClusterFixture cluster) : IAsyncLifetime
{
    private const string Group = "kiln.dev";
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync()
    {
        _ns = await cluster.NamespaceForAsync(GetType());
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "widgets.kiln.dev" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                        Subresources = new V1CustomResourceSubresources { Status = new object() },
                    },
                ],
            },
        };
        try
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
        catch (KubernetesConflictException)
        {
        }

        await Eventually.HoldsAsync(
            () => Missing.OrNullAsync(() => Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.kiln.dev")),
            c => c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true,
            TimeSpan.FromSeconds(30),
            "the Widget CRD to be established");
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, "v1", _ns, "widgets");
                    return true;
                }
                catch (KubernetesNotFoundException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            "the widgets resource to be served");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static JsonNode Node(object o) => JsonNode.Parse(JsonSerializer.Serialize(o))!;

    [Fact]
    public async Task Custom_objects_support_the_verbs_and_the_status_subresource()
    {
        var created = Node(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            JsonNode.Parse("""{"apiVersion":"kiln.dev/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":3},"status":{"phase":"ignored-on-create"}}""")!,
            Group,
            "v1",
            _ns,
            "widgets"));
        Assert.Equal(3, created["spec"]!["size"]!.GetValue<int>());
        Assert.Null(created["status"]);

        created["status"] = new JsonObject { ["phase"] = "Ready" };
        created["spec"]!["size"] = 99;
        var withStatus = Node(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(created, Group, "v1", _ns, "widgets", "w1"));
        Assert.Equal("Ready", withStatus["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(3, withStatus["spec"]!["size"]!.GetValue<int>());

        var patched = Node(await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(new { status = new { phase = "Done" } }, V1Patch.PatchType.MergePatch), Group, "v1", _ns, "widgets", "w1"));
        Assert.Equal("Done", patched["status"]!["phase"]!.GetValue<string>());

        withStatus["metadata"]!["resourceVersion"] = patched["metadata"]!["resourceVersion"]!.GetValue<string>();
        withStatus["spec"]!["size"] = 5;
        withStatus["status"]!["phase"] = "changed-through-main-resource";
        var updated = Node(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(withStatus, Group, "v1", _ns, "widgets", "w1"));
        Assert.Equal(5, updated["spec"]!["size"]!.GetValue<int>());
        Assert.Equal("Done", updated["status"]!["phase"]!.GetValue<string>());

        var list = Node(await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, "v1", _ns, "widgets"));
        Assert.Single(list["items"]!.AsArray());
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, "v1", _ns, "widgets", "w1");
        var gone = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, "v1", _ns, "widgets", "w1"));
        Assert.Equal(new KubernetesRequestInfo("get", Group, "widgets", null, _ns, "w1"), gone.Request);
    }
}
