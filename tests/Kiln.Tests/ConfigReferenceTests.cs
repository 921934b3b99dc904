using Kiln.Cluster.Kubernetes;
using Kiln.Common.Config;

namespace Kiln.Tests;

/// <summary>The generated configuration reference covers every module's keys and matches docs/configuration.md.</summary>
public class ConfigReferenceTests
{
    [Fact]
    public void Configuration_reference_in_docs_matches_the_registry()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kiln.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var docs = File.ReadAllText(Path.Combine(dir.FullName, "docs", "configuration.md"));
        Assert.Equal(ConfigReference.Markdown(), docs);
    }

    [Fact]
    public void Keys_declared_beside_the_Kubernetes_backend_are_in_the_one_registry()
    {
        Assert.Contains(KubernetesConfigKeys.ContainerImage, ConfigKeys.All);
        Assert.Same(KubernetesConfigKeys.ContainerImage, ConfigKeys.Find("spark.kubernetes.container.image"));
        var conf = new KilnConf().Set("spark.kubernetes.executor.label.team", "data").Set("kiln.kubernetes.executor.label.tier", "batch");
        Assert.Equal(new Dictionary<string, string> { ["team"] = "data", ["tier"] = "batch" }, conf.GetAll(KubernetesConfigKeys.ExecutorLabels));
    }

    [Fact]
    public void A_label_Kiln_owns_or_a_malformed_volume_key_is_refused_with_the_key_named()
    {
        var label = Assert.Throws<Common.Errors.ConfigException>(() => new KilnConf().Set("spark.kubernetes.executor.label.kiln-app-id", "x"));
        Assert.Contains("set by Kiln", label.Message, StringComparison.Ordinal);
        var volume = Assert.Throws<Common.Errors.ConfigException>(() => new KilnConf().Set("kiln.kubernetes.executor.volumes.hostpath.data.mount.path", "/data"));
        Assert.Contains("hostPath", volume.Message, StringComparison.Ordinal);
    }
}
