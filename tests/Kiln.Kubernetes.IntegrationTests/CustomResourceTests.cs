using System.Text.Json.Nodes;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class CustomResourceTests(ClusterFixture cluster) : IAsyncLifetime
{
    private static readonly ResourceType<CustomObject> Widgets = KubernetesResources.Custom("kiln.dev", "v1", "widgets", "Widget", namespaced: true);
    private string _ns = "";

    private KubernetesClient Client => cluster.Admin;

    public async Task InitializeAsync()
    {
        _ns = await cluster.NamespaceForAsync(GetType());
        var crd = new CustomResourceDefinition
        {
            Metadata = new ObjectMeta { Name = "widgets.kiln.dev" },
            Spec = new CustomResourceDefinitionSpec
            {
                Group = "kiln.dev",
                Scope = "Namespaced",
                Names = new CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
                Versions =
                [
                    new CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new JsonObject { ["openAPIV3Schema"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true } },
                        Subresources = new JsonObject { ["status"] = new JsonObject() },
                    },
                ],
            },
        };
        try
        {
            await Client.CustomResourceDefinitions.CreateAsync(crd);
        }
        catch (KubernetesConflictException)
        {
        }

        await Eventually.HoldsAsync(
            () => Client.CustomResourceDefinitions.TryGetAsync(null, "widgets.kiln.dev"),
            c => c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true,
            TimeSpan.FromSeconds(30),
            "the Widget CRD to be established");
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await Client.Resource(Widgets).ListAsync(_ns);
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

    [Fact]
    public async Task Custom_objects_support_the_verbs_and_the_status_subresource()
    {
        var widgets = Client.Resource(Widgets);
        var created = await widgets.CreateAsync(new CustomObject("kiln.dev/v1", "Widget")
        {
            Metadata = new ObjectMeta { Name = "w1", Namespace = _ns },
            Spec = new JsonObject { ["size"] = 3 },
            Status = new JsonObject { ["phase"] = "ignored-on-create" },
        });
        Assert.Equal(3, created.Spec!["size"]!.GetValue<int>());
        Assert.Null(created.Status);

        created.Status = new JsonObject { ["phase"] = "Ready" };
        created.Spec["size"] = 99;
        var withStatus = await widgets.UpdateStatusAsync(created);
        Assert.Equal("Ready", withStatus.Status!["phase"]!.GetValue<string>());
        Assert.Equal(3, withStatus.Spec!["size"]!.GetValue<int>());

        var patched = await widgets.PatchStatusAsync(_ns, "w1", KubernetesPatch.Merge(new { status = new { phase = "Done" } }));
        Assert.Equal("Done", patched.Status!["phase"]!.GetValue<string>());

        withStatus.Metadata.ResourceVersion = patched.Metadata.ResourceVersion;
        withStatus.Spec["size"] = 5;
        withStatus.Status["phase"] = "changed-through-main-resource";
        var updated = await widgets.UpdateAsync(withStatus);
        Assert.Equal(5, updated.Spec!["size"]!.GetValue<int>());
        Assert.Equal("Done", updated.Status!["phase"]!.GetValue<string>());

        Assert.Single((await widgets.ListAsync(_ns)).Items);
        await widgets.DeleteAsync(_ns, "w1");
        Assert.Null(await widgets.TryGetAsync(_ns, "w1"));
    }
}
