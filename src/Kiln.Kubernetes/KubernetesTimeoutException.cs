namespace Kiln.Kubernetes;

/// <summary>A request did not complete within <see cref="KubernetesClientOptions.RequestTimeout"/> on any attempt.</summary>
public sealed class KubernetesTimeoutException(string message, Exception? innerException) : KubernetesException(message, innerException);
