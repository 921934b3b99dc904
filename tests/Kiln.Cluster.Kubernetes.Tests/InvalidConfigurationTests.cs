using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>Settings that cannot make a pod fail when they are read, with the key and what to fix (Spark's KubernetesConfSuite, KubernetesVolumeUtilsSuite).</summary>
public sealed class InvalidConfigurationTests
{
    private const string Volumes = "spark.kubernetes.executor.volumes";

    private static ConfigException Refused(params (string Key, string Value)[] settings) =>
        Assert.Throws<ConfigException>(() => TestPods.Options(settings));

    [Theory]
    [InlineData("spark.kubernetes.executor.request.cores", "lots", "kiln.kubernetes.executor.request.cores")]
    [InlineData("spark.kubernetes.executor.limit.cores", "2 cores", "kiln.kubernetes.executor.limit.cores")]
    [InlineData("spark.executor.memory", "2 gigs", "kiln.executor.memory")]
    [InlineData("spark.executor.memory", "32m", "kiln.executor.memory")]
    [InlineData("spark.executor.memoryOverhead", "lots", "kiln.executor.memoryOverhead")]
    public void A_bad_quantity_is_refused_with_its_key(string key, string value, string canonical)
    {
        Assert.Equal(canonical, Refused((key, value)).Key);
    }

    [Theory]
    [InlineData("lots", "not a Kubernetes quantity")]
    [InlineData("512", "less than 1KiB")]
    public void A_volume_size_that_is_not_a_quantity_is_refused_with_its_key(string size, string problem)
    {
        var error = Refused(($"{Volumes}.emptyDir.scratch.mount.path", "/scratch"), ($"{Volumes}.emptyDir.scratch.options.sizeLimit", size));

        Assert.Equal("kiln.kubernetes.executor.volumes.emptyDir.scratch.options.sizeLimit", error.Key);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("My_App")]
    [InlineData("-etl")]
    [InlineData("etl-")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefgh")]
    public void A_pod_name_prefix_that_cannot_start_a_DNS_1123_name_is_refused(string prefix)
    {
        var error = Refused(("spark.kubernetes.executor.podNamePrefix", prefix));

        Assert.Equal("kiln.kubernetes.executor.podNamePrefix", error.Key);
        Assert.Contains("lower-case letters, digits and '-'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Nightly ETL (prod)", "nightly-etl-prod-1a2b3c4d")]
    [InlineData("2026 report", "kiln-2026-report-1a2b3c4d")]
    [InlineData("日本語", "kiln-1a2b3c4d")]
    [InlineData("a-very-long-application-name-that-goes-on-and-on-and-on", "a-very-long-application-name-that-goes-1a2b3c4d")]
    public void An_application_name_is_made_a_DNS_1123_prefix(string appName, string expected)
    {
        var options = TestPods.Options(("spark.app.name", appName));

        Assert.Equal(expected, options.PodNamePrefix);
        Assert.Matches("^[a-z]([-a-z0-9]*[a-z0-9])?$", TestPods.Build(options).Pod.Metadata.Name);
        Assert.True(options.PodNamePrefix.Length <= 47);
    }

    [Theory]
    [InlineData("hostPath", "path", "the directory on the node")]
    [InlineData("nfs", "server", "the NFS server")]
    [InlineData("persistentVolumeClaim", "claimName", "the name of an existing PersistentVolumeClaim")]
    public void A_volume_without_an_option_its_type_needs_names_the_key_to_set(string type, string option, string what)
    {
        var settings = new List<(string, string)> { ($"{Volumes}.{type}.data.mount.path", "/data") };
        if (type == "nfs")
        {
            settings.Add(($"{Volumes}.nfs.data.options.path", "/exports"));
        }

        var error = Refused([.. settings]);

        Assert.Equal($"kiln.kubernetes.executor.volumes.{type}.data.options.{option}", error.Key);
        Assert.Contains($"needs {error.Key}: set it to {what}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_on_demand_claim_without_a_size_is_refused()
    {
        var error = Refused(($"{Volumes}.persistentVolumeClaim.spill.mount.path", "/spill"), ($"{Volumes}.persistentVolumeClaim.spill.options.claimName", "OnDemand"));

        Assert.Equal("kiln.kubernetes.executor.volumes.persistentVolumeClaim.spill.options.sizeLimit", error.Key);
    }

    [Fact]
    public void A_volume_without_a_mount_path_or_with_a_bad_read_only_flag_is_refused()
    {
        Assert.Equal(
            "kiln.kubernetes.executor.volumes.emptyDir.scratch.mount.path",
            Refused(($"{Volumes}.emptyDir.scratch.options.medium", "Memory")).Key);
        Assert.Equal(
            "kiln.kubernetes.executor.volumes.emptyDir.scratch.mount.readOnly",
            Refused(($"{Volumes}.emptyDir.scratch.mount.path", "/s"), ($"{Volumes}.emptyDir.scratch.mount.readOnly", "yes")).Key);
    }

    [Fact]
    public void Two_volumes_at_one_mount_path_are_refused()
    {
        var error = Refused(($"{Volumes}.emptyDir.a.mount.path", "/data"), ($"{Volumes}.emptyDir.b.mount.path", "/data"));

        Assert.Equal("kiln.kubernetes.executor.volumes.emptyDir.b.mount.path", error.Key);
        Assert.Contains("both mounted at /data", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("configMap")]
    [InlineData("hostpath")]
    public void An_unknown_volume_type_is_refused_with_the_types_Kiln_mounts(string type)
    {
        var error = Refused(($"{Volumes}.{type}.data.mount.path", "/data"));

        Assert.Equal($"kiln.kubernetes.executor.volumes.{type}.data.mount.path", error.Key);
        Assert.Contains("use hostPath, emptyDir, persistentVolumeClaim, nfs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("0")]
    [InlineData("two")]
    public void An_extended_resource_amount_must_be_a_whole_number(string amount)
    {
        var error = Refused(("spark.executor.resource.gpu.amount", amount), ("spark.executor.resource.gpu.vendor", "nvidia.com"));

        Assert.Equal("kiln.executor.resource.gpu.amount", error.Key);
        Assert.Contains("whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extended_resource_without_a_vendor_is_refused()
    {
        Assert.Equal("kiln.executor.resource.gpu.vendor", Refused(("spark.executor.resource.gpu.amount", "1")).Key);
    }
}
