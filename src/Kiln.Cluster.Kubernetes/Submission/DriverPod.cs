using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// A driver pod being built (Spark's KubernetesDriverSpec): the pod, its driver container (also in
/// <c>Pod.Spec.Containers</c>), the objects created with it and owned by it (Service, ConfigMap), and the settings the
/// steps add to the driver's configuration.
/// </summary>
public sealed record DriverPod(V1Pod Pod, V1Container Container, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Resources, IReadOnlyDictionary<string, string> Conf);

/// <summary>What every driver step may read: the options, and the application to run with its arguments.</summary>
/// <param name="AppResource">The application's path as the driver pod sees it (<c>local:///...</c>, a path on a shared volume, or under the staged bundle's directory).</param>
/// <param name="Bundle">The bundle on the resource staging server that the pods fetch the application from, or null.</param>
public sealed record DriverPodContext(DriverPodOptions Options, string AppResource, IReadOnlyList<string> AppArgs, StagedBundle? Bundle = null);

/// <summary>
/// One step of building the driver pod, folded in order over the pod from the template (<see cref="DriverPodBuilder"/>).
/// A step adds to what it is given and never drops what the template or earlier steps set, except fields it owns.
/// </summary>
public interface IDriverFeatureStep
{
    DriverPod Configure(DriverPod pod, DriverPodContext context);
}
