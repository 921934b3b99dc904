using System.Net;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>The object does not exist (404).</summary>
public sealed class KubernetesNotFoundException : KubernetesApiException
{
    public KubernetesNotFoundException(string message, HttpStatusCode statusCode, Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }
}
