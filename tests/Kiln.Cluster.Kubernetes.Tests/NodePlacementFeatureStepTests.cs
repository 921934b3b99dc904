using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class NodePlacementFeatureStepTests
{
    private static readonly NodePlacementFeatureStep Step = new();

    [Fact]
    public void Node_selectors_of_both_families_are_merged_and_the_executor_ones_win()
    {
        var options = TestPods.Options(
            ("spark.kubernetes.node.selector.disktype", "ssd"),
            ("spark.kubernetes.node.selector.zone", "a"),
            ("kiln.kubernetes.executor.node.selector.zone", "b"));

        var pod = TestPods.Apply(Step, options);

        Assert.Equal(new Dictionary<string, string> { ["disktype"] = "ssd", ["zone"] = "b" }, pod.Pod.Spec.NodeSelector);
    }

    [Fact]
    public void A_templates_node_selector_stays_beside_the_configured_ones()
    {
        var container = new V1Container { Name = "kiln-executor" };
        var template = new V1Pod { Metadata = new V1ObjectMeta(), Spec = new V1PodSpec { Containers = [container], NodeSelector = new Dictionary<string, string> { ["pool"] = "batch" } } };

        var pod = Step.Configure(new ExecutorPod(template, container, []), TestPods.Context(TestPods.Options(("spark.kubernetes.node.selector.disktype", "ssd"))));

        Assert.Equal(new Dictionary<string, string> { ["pool"] = "batch", ["disktype"] = "ssd" }, pod.Pod.Spec.NodeSelector);
    }

    [Fact]
    public void Without_selectors_or_scheduler_the_pod_has_neither()
    {
        var pod = TestPods.Apply(Step, TestPods.Options());

        Assert.Null(pod.Pod.Spec.NodeSelector);
        Assert.Null(pod.Pod.Spec.SchedulerName);
    }

    [Theory]
    [InlineData("kiln.kubernetes.executor.scheduler.name")]
    [InlineData("spark.kubernetes.executor.scheduler.name")]
    [InlineData("spark.kubernetes.scheduler.name")]
    public void The_scheduler_name_is_set_from_any_of_its_spellings(string key)
    {
        var pod = TestPods.Apply(Step, TestPods.Options((key, "volcano")));

        Assert.Equal("volcano", pod.Pod.Spec.SchedulerName);
    }
}
