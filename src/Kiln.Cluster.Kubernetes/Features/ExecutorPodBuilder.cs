using k8s;
using k8s.Models;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>
/// Builds executor pods as a fold of feature steps over the pod template (or an empty pod):
/// <code>
///   template ─> Basic ─> Resources ─> NodePlacement ─> OwnerReference ─> AuthSecret ─> MountSecrets
///            ─> EnvSecrets ─> MountVolumes ─> LocalDirs ─> StagedBundle ─> user steps (kiln.kubernetes.executor.pod.featureSteps)
/// </code>
/// Each step gets its own deep copy of the pod built so far, so no step can change what another was given, and each
/// adds to what it finds: fields of the template Kiln does not own (affinity, tolerations, security context, init
/// containers, sidecars) come through untouched.
/// </summary>
/// <remarks>Thread-safe once built; the template is read and checked once, in the constructor.</remarks>
public sealed class ExecutorPodBuilder
{
    private readonly PodTemplate _template;
    private readonly IReadOnlyList<IExecutorFeatureStep> _steps;

    /// <exception cref="PodTemplateException">The template file is missing, not YAML, not a pod, has a field the Pod API does not have, or lacks the named container.</exception>
    /// <exception cref="ConfigException">A user feature step cannot be found or made.</exception>
    public ExecutorPodBuilder(KubernetesExecutorOptions options, IEnumerable<IExecutorFeatureStep>? extraSteps = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _template = new PodTemplate(options.PodTemplateFile, options.PodTemplateContainerName, "kiln.kubernetes.executor.podTemplateContainerName", ExecutorPodLabels.ContainerName);

        _steps =
        [
            new BasicExecutorFeatureStep(),
            new ExecutorResourcesFeatureStep(),
            new NodePlacementFeatureStep(),
            new OwnerReferenceFeatureStep(),
            new AuthSecretFeatureStep(),
            new MountSecretsFeatureStep(),
            new EnvSecretsFeatureStep(),
            new MountVolumesFeatureStep(),
            new LocalDirsFeatureStep(),
            new StagedBundleFeatureStep(),
            .. UserSteps.Create(options.FeatureSteps),
            .. extraSteps ?? [],
        ];
    }

    public ExecutorPod Build(ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pod = Start();
        foreach (var step in _steps)
        {
            pod = step.Configure(Copy(pod), context);
        }

        pod.Pod.ApiVersion = "v1";
        pod.Pod.Kind = "Pod";
        return pod;
    }

    /// <summary>The template's executor container (by name, else its first), or a new one named kiln-executor.</summary>
    private ExecutorPod Start()
    {
        var (pod, container) = _template.Start();
        return new ExecutorPod(pod, container, []);
    }

    /// <summary>A deep copy in which <see cref="ExecutorPod.Container"/> is again the copy's own container.</summary>
    private static ExecutorPod Copy(ExecutorPod pod)
    {
        var index = pod.Pod.Spec.Containers.IndexOf(pod.Container);
        var copy = Clone(pod.Pod);
        return pod with { Pod = copy, Container = copy.Spec.Containers[index], OnDemandClaims = [.. pod.OnDemandClaims.Select(Clone)] };
    }

    private static T Clone<T>(T value) => PodTemplate.Clone(value);
}
