using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class UserFeatureStepsTests
{
    private const string Key = "spark.kubernetes.executor.pod.featureSteps";

    [Fact]
    public void A_named_step_runs_after_Kilns_steps_and_sees_what_they_built()
    {
        var options = TestPods.Options((Key, typeof(LabelCopyingStep).FullName!));

        var pod = TestPods.Build(options, executorId: "5");

        Assert.Equal("5", pod.Pod.Metadata.Annotations["example.com/executor"]);
        Assert.Equal("/var/data/kiln-local-dir-1", pod.Pod.Metadata.Annotations["example.com/local-dir"]);
    }

    [Fact]
    public void Steps_run_in_the_order_they_are_named()
    {
        var options = TestPods.Options((Key, $"{typeof(LabelCopyingStep).FullName}, {typeof(AnnotationRewritingStep).FullName}"));

        var pod = TestPods.Build(options);

        Assert.Equal("seen:1", pod.Pod.Metadata.Annotations["example.com/executor"]);
    }

    [Fact]
    public void A_step_no_assembly_defines_is_refused_with_the_key()
    {
        var error = Assert.Throws<ConfigException>(() => new ExecutorPodBuilder(TestPods.Options((Key, "Example.NoSuchStep"))));

        Assert.Equal("kiln.kubernetes.executor.pod.featureSteps", error.Key);
        Assert.Contains("Example.NoSuchStep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_that_is_not_a_step_is_refused_with_the_key()
    {
        var error = Assert.Throws<ConfigException>(() => new ExecutorPodBuilder(TestPods.Options((Key, typeof(UserFeatureStepsTests).FullName!))));

        Assert.Equal("kiln.kubernetes.executor.pod.featureSteps", error.Key);
        Assert.Contains(nameof(IExecutorFeatureStep), error.Message, StringComparison.Ordinal);
    }
}
