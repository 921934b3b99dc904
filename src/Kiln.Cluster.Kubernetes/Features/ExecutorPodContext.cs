using k8s.Models;
using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Kubernetes.Features;

/// <summary>What every feature step may read about the executor being built.</summary>
/// <param name="SecretName">The application's Secret (RPC secret, TLS material) that executors read from.</param>
/// <param name="Owner">The driver pod's owner reference when the driver runs in a pod.</param>
public sealed record ExecutorPodContext(KubernetesExecutorOptions Options, ExecutorLaunchSpec Launch, string PodName, string SecretName, V1OwnerReference? Owner);
