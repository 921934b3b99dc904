namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// One step of building an executor pod. Steps are folded in order over the pod from the template
/// (<see cref="ExecutorPodBuilder"/>); users add their own with <c>kiln.kubernetes.executor.pod.featureSteps</c>.
/// </summary>
/// <remarks>
/// A step starts from the pod it is given (its own copy) and adds to it: it never drops what the template or earlier
/// steps set, except where it owns the field. Implementations have a public parameterless constructor and are
/// thread-safe (one instance builds every executor of the application).
/// </remarks>
public interface IExecutorFeatureStep
{
    ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context);
}
