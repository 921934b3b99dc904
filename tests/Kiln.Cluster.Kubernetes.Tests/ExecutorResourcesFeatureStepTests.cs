using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class ExecutorResourcesFeatureStepTests
{
    private static readonly ExecutorResourcesFeatureStep Step = new();

    /// <summary>
    /// Spark's arithmetic: heap MiB + max((int)(factor × heap MiB), 384), unless the overhead is set; plain numbers are
    /// MiB. (Quantities compare by value: the client writes 3072Mi as 3Gi, as the API server would store it.)
    /// </summary>
    [Theory]
    [InlineData(null, null, null, 1408)]
    [InlineData("4g", null, null, 4505)]
    [InlineData("8g", null, null, 9011)]
    [InlineData("4097m", null, null, 4506)]
    [InlineData("2g", "0.4", null, 2867)]
    [InlineData("2g", null, "1g", 3072)]
    [InlineData("3g", "0.5", "100m", 3172)]
    [InlineData("2048", null, "512", 2560)]
    [InlineData("1500m", null, "1500k", 1501)]
    public void Memory_request_and_limit_are_the_heap_plus_the_overhead(string? memory, string? factor, string? overhead, long expectedMiB)
    {
        var settings = new List<(string, string)>();
        if (memory is not null)
        {
            settings.Add(("spark.executor.memory", memory));
        }

        if (factor is not null)
        {
            settings.Add(("spark.executor.memoryOverheadFactor", factor));
        }

        if (overhead is not null)
        {
            settings.Add(("spark.executor.memoryOverhead", overhead));
        }

        var resources = TestPods.Apply(Step, TestPods.Options([.. settings])).Container.Resources;

        Assert.Equal(expectedMiB << 20, resources.Requests["memory"].ToInt64());
        Assert.Equal(expectedMiB << 20, resources.Limits["memory"].ToInt64());
    }

    [Fact]
    public void Sparks_older_overhead_factor_key_is_read_too()
    {
        var resources = TestPods.Apply(Step, TestPods.Options(("spark.executor.memory", "10g"), ("spark.kubernetes.memoryOverheadFactor", "0.2"))).Container.Resources;

        Assert.Equal(12288L << 20, resources.Limits["memory"].ToInt64());
    }

    [Fact]
    public void The_cpu_request_is_the_executors_cores_and_there_is_no_cpu_limit_unless_asked()
    {
        var resources = TestPods.Apply(Step, TestPods.Options(("spark.executor.cores", "4"))).Container.Resources;

        Assert.Equal("4", resources.Requests["cpu"].ToString());
        Assert.False(resources.Limits.ContainsKey("cpu"));
    }

    [Fact]
    public void Request_cores_replace_the_cores_in_the_request_and_limit_cores_set_the_limit()
    {
        var resources = TestPods.Apply(
            Step,
            TestPods.Options(("spark.executor.cores", "4"), ("spark.kubernetes.executor.request.cores", "0.5"), ("kiln.kubernetes.executor.limit.cores", "2500m"))).Container.Resources;

        Assert.Equal("500m", resources.Requests["cpu"].ToString());
        Assert.Equal("2500m", resources.Limits["cpu"].ToString());
    }

    [Fact]
    public void Extended_resources_are_limits_named_vendor_slash_resource()
    {
        var resources = TestPods.Apply(
            Step,
            TestPods.Options(("spark.executor.resource.gpu.amount", "2"), ("spark.executor.resource.gpu.vendor", "nvidia.com"))).Container.Resources;

        Assert.Equal("2", resources.Limits["nvidia.com/gpu"].ToString());
        Assert.False(resources.Requests.ContainsKey("nvidia.com/gpu"));
    }

    [Fact]
    public void A_templates_other_requests_and_limits_stay_and_its_memory_and_cpu_are_replaced()
    {
        var container = new V1Container
        {
            Name = "kiln-executor",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["ephemeral-storage"] = new("10Gi"), ["memory"] = new("100Mi"), ["cpu"] = new("8") },
                Limits = new Dictionary<string, ResourceQuantity> { ["ephemeral-storage"] = new("20Gi"), ["memory"] = new("200Mi") },
            },
        };
        var options = TestPods.Options();
        var pod = new V1Pod { Metadata = new V1ObjectMeta(), Spec = new V1PodSpec { Containers = [container] } };

        var resources = Step.Configure(new ExecutorPod(pod, container, []), TestPods.Context(options)).Container.Resources;

        Assert.Equal(["cpu:1", "ephemeral-storage:10Gi", "memory:1408Mi"], resources.Requests.Select(kv => $"{kv.Key}:{kv.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(["ephemeral-storage:20Gi", "memory:1408Mi"], resources.Limits.Select(kv => $"{kv.Key}:{kv.Value}").Order(StringComparer.Ordinal));
    }
}
