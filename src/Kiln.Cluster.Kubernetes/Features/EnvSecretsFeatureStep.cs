using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>Environment variables from Secrets: <c>kiln.kubernetes.executor.secretKeyRef.ENV=secret:key</c>.</summary>
public sealed class EnvSecretsFeatureStep : IExecutorFeatureStep
{
    public ExecutorPod Configure(ExecutorPod pod, ExecutorPodContext context)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (env, (secret, key)) in context.Options.SecretKeyRefs)
        {
            PodEdits.SetEnv(pod.Container, new V1EnvVar { Name = env, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = key, Name = secret } } });
        }

        return pod;
    }
}
