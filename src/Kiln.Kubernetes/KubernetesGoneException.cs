using System.Net;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>The requested resourceVersion is too old (410); list again and watch from the list's resourceVersion.</summary>
public sealed class KubernetesGoneException : KubernetesApiException
{
    public KubernetesGoneException(string message, HttpStatusCode statusCode, Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }
}
