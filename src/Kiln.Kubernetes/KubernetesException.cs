namespace Kiln.Kubernetes;

/// <summary>Base of every exception the Kubernetes client throws.</summary>
public class KubernetesException : Exception
{
    public KubernetesException(string message)
        : base(message)
    {
    }

    public KubernetesException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
