using System.Net;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>The object changed since it was read, or already exists (409). Re-read and retry an update; pick another name for a create.</summary>
public sealed class KubernetesConflictException : KubernetesApiException
{
    public KubernetesConflictException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }
}
