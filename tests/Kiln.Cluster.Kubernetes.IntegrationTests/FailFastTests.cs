using k8s;
using Kiln.Cluster.Driver;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// Executors that cannot start fail the application with the reason, after kiln.kubernetes.allocation.failFastTimeout,
/// instead of waiting forever; and settings that cannot work fail before any pod is created.
/// </summary>
[Collection(PodClusterCollection.Name)]
public sealed class FailFastTests(PodCluster cluster)
{
    [Fact]
    public async Task Unschedulable_executors_fail_the_application_with_the_schedulers_message()
    {
        var ns = await cluster.NewNamespaceAsync("unschedulable");
        var conf = cluster.Conf(ns).Set("spark.executor.cores", "64").Set("kiln.kubernetes.allocation.failFastTimeout", "5s");

        var error = await Assert.ThrowsAsync<NoExecutorsException>(() => KilnSession.CreateAsync(conf));

        Assert.Contains("Unschedulable", error.Message, StringComparison.Ordinal);
        Assert.Contains("Insufficient cpu", error.Message, StringComparison.Ordinal);
        Assert.Contains("kiln.kubernetes.allocation.failFastTimeout", error.Message, StringComparison.Ordinal);
        await NoPodsLeftAsync(ns);
    }

    [Fact]
    public async Task Unpullable_images_fail_the_application_naming_the_image()
    {
        var ns = await cluster.NewNamespaceAsync("unpullable");
        var conf = cluster.Conf(ns).Set("spark.kubernetes.container.image", "registry.example.com/kiln:missing").Set("kiln.kubernetes.allocation.failFastTimeout", "5s");

        var error = await Assert.ThrowsAsync<NoExecutorsException>(() => KilnSession.CreateAsync(conf));

        Assert.Matches("ErrImagePull|ImagePullBackOff", error.Message);
        Assert.Contains("registry.example.com/kiln:missing", error.Message, StringComparison.Ordinal);
        await NoPodsLeftAsync(ns);
    }

    [Fact]
    public async Task No_image_is_a_configuration_error_before_any_pod_is_created()
    {
        var ns = await cluster.NewNamespaceAsync("noimage");
        var conf = new Common.Config.KilnConf().Set("kiln.master", cluster.Master).Set("spark.kubernetes.namespace", ns);

        var error = await Assert.ThrowsAsync<ConfigException>(() => KilnSession.CreateAsync(conf));

        Assert.Contains("spark.kubernetes.container.image", error.Message, StringComparison.Ordinal);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task A_namespace_that_does_not_exist_is_named()
    {
        var error = await Assert.ThrowsAnyAsync<KilnException>(() => KilnSession.CreateAsync(cluster.Conf("no-such-namespace-here")));

        Assert.Contains("no-such-namespace-here", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_pod_template_names_the_file_before_any_pod_is_created()
    {
        var ns = await cluster.NewNamespaceAsync("badtemplate");
        var file = Path.Combine(Path.GetTempPath(), $"kiln-template-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: x\n    imagePullPolicy: [not, a, string]\n");
        try
        {
            var error = await Assert.ThrowsAsync<PodTemplateException>(() => KilnSession.CreateAsync(cluster.Conf(ns).Set("spark.kubernetes.executor.podTemplateFile", file)));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.NotNull(error.Line);
            Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task NoPodsLeftAsync(string ns) =>
        await Eventually.TrueAsync(async () => (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items.Count == 0, TimeSpan.FromSeconds(30), $"no pod left in {ns}");
}
