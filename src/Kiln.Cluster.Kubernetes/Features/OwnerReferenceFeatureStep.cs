using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>When the driver runs in a pod, every executor pod is owned by it: deleting the driver pod deletes them.</summary>
public sealed class OwnerReferenceFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Owner is { } owner)
        {
            pod.Pod.Metadata.OwnerReferences ??= [];
            if (pod.Pod.Metadata.OwnerReferences.All(o => o.Uid != owner.Uid))
            {
                pod.Pod.Metadata.OwnerReferences.Add(owner);
            }
        }

        return pod;
    }

    /// <summary>The owner reference to the driver's pod (<c>kiln.kubernetes.driver.pod.name</c>), as read from the API server.</summary>
    public static V1OwnerReference DriverOwner(V1Pod driverPod)
    {
        ArgumentNullException.ThrowIfNull(driverPod);
        return new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = driverPod.Metadata.Name, Uid = driverPod.Metadata.Uid, Controller = true };
    }
}
