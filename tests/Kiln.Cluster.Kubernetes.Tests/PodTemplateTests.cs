using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

/// <summary>What a template gives the fold, and what Kiln overwrites (Spark's PodTemplateConfigMapStep and template suites).</summary>
public sealed class PodTemplateTests
{
    private static ExecutorPod BuildRich(string? containerName = "executor")
    {
        var settings = new List<(string, string)> { ("spark.kubernetes.executor.podTemplateFile", TestPods.Template("rich.yaml")) };
        if (containerName is not null)
        {
            settings.Add(("spark.kubernetes.executor.podTemplateContainerName", containerName));
        }

        return TestPods.Build(TestPods.Options([.. settings]));
    }

    [Fact]
    public void The_templates_scheduling_and_security_fields_survive_the_fold()
    {
        var spec = BuildRich().Pod.Spec;

        Assert.Equal("batch-low", spec.PriorityClassName);
        Assert.Equal(45, spec.TerminationGracePeriodSeconds);
        Assert.Equal((185L, true, 185L), (spec.SecurityContext.RunAsUser, spec.SecurityContext.RunAsNonRoot, spec.SecurityContext.FsGroup));
        var term = Assert.Single(spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Equal(["m5.2xlarge", "m5.4xlarge"], Assert.Single(term.MatchExpressions).Values);
        var toleration = Assert.Single(spec.Tolerations);
        Assert.Equal(("dedicated", "spark", "NoSchedule"), (toleration.Key, toleration.Value, toleration.Effect));
        var spread = Assert.Single(spec.TopologySpreadConstraints);
        Assert.Equal(("topology.kubernetes.io/zone", 1), (spread.TopologyKey, spread.MaxSkew));
    }

    [Fact]
    public void Init_containers_sidecars_and_extra_volumes_come_through_untouched()
    {
        var pod = BuildRich();

        var init = Assert.Single(pod.Pod.Spec.InitContainers);
        Assert.Equal(("warm-cache", "busybox:1.36"), (init.Name, init.Image));
        Assert.Equal(["log-shipper", "executor"], pod.Pod.Spec.Containers.Select(c => c.Name));
        var sidecar = pod.Pod.Spec.Containers[0];
        Assert.Equal("fluent/fluent-bit:3.0", sidecar.Image);
        Assert.Null(sidecar.Env);
        Assert.Null(sidecar.Args);
        Assert.Null(sidecar.Resources);
        Assert.NotNull(pod.Volume("logs").EmptyDir);
    }

    [Fact]
    public void The_named_container_becomes_the_executor_and_keeps_its_own_fields()
    {
        var pod = BuildRich();

        Assert.Same(pod.Pod.Spec.Containers[1], pod.Container);
        Assert.Equal("executor", pod.Container.Name);
        Assert.Equal(TestPods.Image, pod.Container.Image);
        Assert.Equal("executor", pod.Container.Args[0]);
        Assert.Equal("yes", pod.Container.Env("FROM_TEMPLATE").Value);
        Assert.Equal("10Gi", pod.Container.Resources.Requests["ephemeral-storage"].ToString());
        Assert.Equal(1408L << 20, pod.Container.Resources.Requests["memory"].ToInt64());
        Assert.False(pod.Container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["/logs", "/var/data/kiln-local-dir-1"], pod.Container.VolumeMounts.Select(m => m.MountPath));
    }

    [Fact]
    public void Without_a_container_name_the_first_container_is_the_executor()
    {
        var pod = BuildRich(containerName: null);

        Assert.Equal("log-shipper", pod.Container.Name);
        Assert.Equal(TestPods.Image, pod.Pod.Spec.Containers[0].Image);
        Assert.Equal("replaced-by-kiln:latest", pod.Pod.Spec.Containers[1].Image);
    }

    [Fact]
    public void Kiln_owns_the_name_the_restart_policy_and_its_labels_and_merges_the_rest()
    {
        var pod = BuildRich();

        Assert.Equal($"{TestPods.Options().PodNamePrefix}-exec-1", pod.Pod.Metadata.Name);
        Assert.Equal("Never", pod.Pod.Spec.RestartPolicy);
        Assert.Equal(
            new Dictionary<string, string> { ["team"] = "data", ["kiln-role"] = "executor", ["kiln-app-id"] = TestPods.AppId, ["kiln-exec-id"] = "1" },
            pod.Pod.Metadata.Labels);
        Assert.Equal("4711", pod.Pod.Metadata.Annotations["example.com/cost-center"]);
    }

    [Fact]
    public void Every_executor_starts_from_the_template_afresh()
    {
        var options = TestPods.Options(("spark.kubernetes.executor.podTemplateFile", TestPods.Template("rich.yaml")));
        var builder = new ExecutorPodBuilder(options);

        var first = builder.Build(TestPods.Context(options, executorId: "1"));
        var second = builder.Build(TestPods.Context(options, executorId: "2"));

        Assert.Equal("1", first.Pod.Metadata.Labels["kiln-exec-id"]);
        Assert.Equal("2", second.Pod.Metadata.Labels["kiln-exec-id"]);
        Assert.Equal(first.Container.VolumeMounts.Count, second.Container.VolumeMounts.Count);
    }

    [Fact]
    public void A_container_name_the_template_lacks_names_the_file_and_the_containers_it_has()
    {
        var error = Assert.Throws<PodTemplateException>(() => BuildRich(containerName: "spark-executor"));

        Assert.Equal(TestPods.Template("rich.yaml"), error.File);
        Assert.Equal("spec.containers", error.Field);
        Assert.Contains("log-shipper, executor", error.Problem, StringComparison.Ordinal);
    }
}
