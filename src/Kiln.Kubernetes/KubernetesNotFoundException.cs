using System.Net;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>The object does not exist (404).</summary>
public sealed class KubernetesNotFoundException : KubernetesApiException
{
    public KubernetesNotFoundException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }
}
