namespace Kiln.Kubernetes;

/// <summary>A kubeconfig or in-cluster configuration that cannot be used; the message says what to fix.</summary>
public sealed class KubeConfigException : KubernetesException
{
    public KubeConfigException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
