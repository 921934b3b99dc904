using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Tests;

public sealed class OwnerReferenceFeatureStepTests
{
    private static readonly OwnerReferenceFeatureStep Step = new();

    private static readonly V1Pod DriverPod = new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = "etl-driver", Uid = "6f1c2a9e-0000-4000-8000-00000000d71f" },
    };

    [Fact]
    public void The_driver_pods_name_is_read_from_either_spelling()
    {
        Assert.Equal("etl-driver", TestPods.Options(("spark.kubernetes.driver.pod.name", "etl-driver")).DriverPodName);
        Assert.Null(TestPods.Options().DriverPodName);
    }

    [Fact]
    public void The_owner_is_the_driver_pod_as_a_controller()
    {
        var owner = OwnerReferenceFeatureStep.DriverOwner(DriverPod);

        Assert.Equal(("v1", "Pod", "etl-driver", "6f1c2a9e-0000-4000-8000-00000000d71f", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
    }

    [Fact]
    public void With_a_driver_pod_the_executor_pod_is_owned_by_it()
    {
        var options = TestPods.Options(("spark.kubernetes.driver.pod.name", "etl-driver"));
        var owner = OwnerReferenceFeatureStep.DriverOwner(DriverPod);

        var pod = TestPods.Apply(Step, options, TestPods.Context(options, owner: owner));

        var reference = Assert.Single(pod.Pod.Metadata.OwnerReferences);
        Assert.Equal(("etl-driver", "6f1c2a9e-0000-4000-8000-00000000d71f", true), (reference.Name, reference.Uid, reference.Controller));
    }

    [Fact]
    public void Without_a_driver_pod_there_is_no_owner()
    {
        var pod = TestPods.Apply(Step, TestPods.Options());

        Assert.Null(pod.Pod.Metadata.OwnerReferences);
    }

    [Fact]
    public void A_templates_owners_stay_and_the_driver_is_not_added_twice()
    {
        var options = TestPods.Options();
        var owner = OwnerReferenceFeatureStep.DriverOwner(DriverPod);
        var container = new V1Container { Name = "kiln-executor" };
        var other = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "keeper", Uid = "1" };
        var template = new V1Pod { Metadata = new V1ObjectMeta { OwnerReferences = [other, OwnerReferenceFeatureStep.DriverOwner(DriverPod)] }, Spec = new V1PodSpec { Containers = [container] } };

        var pod = Step.Configure(new ExecutorPod(template, container, []), TestPods.Context(options, owner: owner));

        Assert.Equal(["keeper", "etl-driver"], pod.Pod.Metadata.OwnerReferences.Select(o => o.Name));
    }
}
