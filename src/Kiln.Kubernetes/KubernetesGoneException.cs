using System.Net;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>The requested resourceVersion is too old (410); list again and watch from the list's resourceVersion.</summary>
public sealed class KubernetesGoneException : KubernetesApiException
{
    public KubernetesGoneException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }
}
