using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class BasicExecutorFeatureStepTests
{
    private static readonly BasicExecutorFeatureStep Step = new();

    [Fact]
    public void The_pod_gets_its_name_namespace_and_the_labels_that_select_it()
    {
        var options = TestPods.Options(("spark.kubernetes.namespace", "data"), ("spark.kubernetes.executor.podNamePrefix", "etl"));
        var pod = TestPods.Apply(Step, options, TestPods.Context(options, executorId: "7"));

        Assert.Equal("etl-exec-7", pod.Pod.Metadata.Name);
        Assert.Equal("data", pod.Pod.Metadata.NamespaceProperty);
        Assert.Equal(
            new Dictionary<string, string> { ["kiln-app-id"] = TestPods.AppId, ["kiln-role"] = "executor", ["kiln-exec-id"] = "7" },
            pod.Pod.Metadata.Labels);
        Assert.Equal("Never", pod.Pod.Spec.RestartPolicy);
    }

    [Fact]
    public void User_labels_and_annotations_are_added_and_the_reserved_labels_keep_Kilns_values()
    {
        var options = TestPods.Options(
            ("spark.kubernetes.executor.label.team", "data"),
            ("kiln.kubernetes.executor.label.tier", "batch"),
            ("spark.kubernetes.executor.annotation.example.com/owner", "etl-team"));
        var start = new V1Container { Name = "kiln-executor" };
        var template = new V1Pod
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["kiln-role"] = "driver", ["kiln-exec-id"] = "99", ["from-template"] = "yes" } },
            Spec = new V1PodSpec { Containers = [start] },
        };

        var pod = Step.Configure(new ExecutorPod(template, start, []), TestPods.Context(options));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["from-template"] = "yes",
                ["kiln-role"] = "executor",
                ["kiln-exec-id"] = "1",
                ["team"] = "data",
                ["tier"] = "batch",
                ["kiln-app-id"] = TestPods.AppId,
            },
            pod.Pod.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { ["example.com/owner"] = "etl-team" }, pod.Pod.Metadata.Annotations);
    }

    [Fact]
    public void A_reserved_label_given_as_a_user_label_is_refused_with_the_key()
    {
        var error = Assert.Throws<Common.Errors.ConfigException>(() => TestPods.Options(("spark.kubernetes.executor.label.kiln-exec-id", "3")));

        Assert.Equal("kiln.kubernetes.executor.label.kiln-exec-id", error.Key);
        Assert.Contains("set by Kiln", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_container_runs_the_image_with_the_executor_arguments_and_no_command()
    {
        var options = TestPods.Options(("spark.kubernetes.container.image.pullPolicy", "Always"), ("spark.executor.cores", "3"), ("spark.executor.memory", "2g"));
        var pod = TestPods.Apply(Step, options);

        Assert.Equal(TestPods.Image, pod.Container.Image);
        Assert.Equal("Always", pod.Container.ImagePullPolicy);
        Assert.Null(pod.Container.Command);
        Assert.Equal(
            [
                "executor", "--driver", "driver.example.com:7078", "--executor-id", "1", "--cores", "3", "--memory", "2048",
                "--app-id", TestPods.AppId, "--local-dir", "$(KILN_LOCAL_DIRS)", "--host", "$(KILN_EXECUTOR_POD_IP)",
                "--conf", "kiln.network.timeout=120s",
            ],
            pod.Container.Args);
    }

    [Fact]
    public void A_dollar_in_a_setting_is_doubled_so_that_Kubernetes_does_not_expand_it()
    {
        var options = TestPods.Options();
        var context = TestPods.Context(options);
        context = context with { Launch = context.Launch with { Conf = new Dictionary<string, string> { ["kiln.app.name"] = "cost $(HOME) in $" } } };

        var pod = TestPods.Apply(Step, options, context);

        Assert.Equal(["--conf", "kiln.app.name=cost $$(HOME) in $$"], pod.Container.Args.TakeLast(2));
    }

    [Fact]
    public void The_environment_holds_the_users_variables_the_pod_ip_and_name_from_the_downward_api_and_the_heap_limit()
    {
        var options = TestPods.Options(("spark.executorEnv.TZ", "UTC"), ("kiln.executorEnv.MODE", "batch"), ("spark.executor.memory", "3g"));
        var container = TestPods.Apply(Step, options).Container;

        Assert.Equal("UTC", container.Env("TZ").Value);
        Assert.Equal("batch", container.Env("MODE").Value);
        Assert.Equal("status.podIP", container.Env("KILN_EXECUTOR_POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", container.Env("KILN_EXECUTOR_POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("C0000000", container.Env("DOTNET_GCHeapHardLimit").Value);
    }

    [Fact]
    public void Pull_secrets_and_the_service_account_are_set_and_a_templates_pull_secret_is_not_repeated()
    {
        var options = TestPods.Options(
            ("spark.kubernetes.container.image.pullSecrets", "registry-a, registry-b"),
            ("spark.kubernetes.authenticate.executor.serviceAccountName", "kiln-executor"));
        var start = new V1Container { Name = "kiln-executor" };
        var template = new V1Pod { Metadata = new V1ObjectMeta(), Spec = new V1PodSpec { Containers = [start], ImagePullSecrets = [new V1LocalObjectReference { Name = "registry-a" }] } };

        var pod = Step.Configure(new ExecutorPod(template, start, []), TestPods.Context(options));

        Assert.Equal(["registry-a", "registry-b"], pod.Pod.Spec.ImagePullSecrets.Select(s => s.Name));
        Assert.Equal("kiln-executor", pod.Pod.Spec.ServiceAccountName);
    }
}
