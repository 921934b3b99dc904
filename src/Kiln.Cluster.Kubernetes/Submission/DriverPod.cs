using k8s;
using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// A driver pod being built (Spark's KubernetesDriverSpec): the pod, its driver container (also in
/// <c>Pod.Spec.Containers</c>), the objects created with it and owned by it (Service, ConfigMap), and the settings the
/// steps add to the driver's configuration.
/// </summary>
public sealed record DriverPod(V1Pod Pod, V1Container Container, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Resources, IReadOnlyDictionary<string, string> Conf);

/// <summary>What every driver step may read: the options, and the application to run with its arguments.</summary>
/// <param name="AppResource">The application's path as the driver pod sees it (<c>local:///...</c> or a path on a shared volume).</param>
public sealed record DriverPodContext(DriverPodOptions Options, string AppResource, IReadOnlyList<string> AppArgs);

/// <summary>
/// One step of building the driver pod, folded in order over the pod from the template (<see cref="DriverPodBuilder"/>).
/// A step adds to what it is given and never drops what the template or earlier steps set, except fields it owns.
/// </summary>
public interface IDriverFeatureStep
{
    DriverPod Configure(DriverPod pod, DriverPodContext context);
}
