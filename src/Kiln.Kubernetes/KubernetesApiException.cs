using System.Net;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// The API server refused a request. Carries the server's Status (code, reason, field causes) and what was
/// asked. Subclasses exist for the codes callers branch on: 403, 404, 409, 410 and 422.
/// </summary>
public class KubernetesApiException : KubernetesException
{
    public KubernetesApiException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message)
    {
        StatusCode = statusCode;
        Status = status;
        Request = request;
    }

    /// <summary>The HTTP status code (or the code of an ERROR watch event).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The machine-readable reason, such as Conflict, Invalid, Forbidden, Expired; empty if the server gave none.</summary>
    public string Reason => Status?.Reason ?? "";

    /// <summary>The Status object the server returned, if it returned one.</summary>
    public V1Status? Status { get; }

    /// <summary>The causes the server listed; for 422 each names an invalid field.</summary>
    public IReadOnlyList<V1StatusCause> Causes => Status?.Details?.Causes?.ToArray() ?? [];

    /// <summary>The request that failed.</summary>
    public KubernetesRequestInfo Request { get; }

    /// <summary>Builds the exception subtype that matches the status code.</summary>
    public static KubernetesApiException Create(HttpStatusCode code, V1Status? status, string? body, KubernetesRequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var serverMessage = status?.Message ?? (string.IsNullOrWhiteSpace(body) ? code.ToString() : body.Trim());
        var prefix = $"Kubernetes API {(int)code} {status?.Reason ?? code.ToString()} on {request}: {serverMessage}";
        return (int)code switch
        {
            403 => new KubernetesForbiddenException(prefix + KubernetesForbiddenException.Hint(request), code, status, request),
            401 => new KubernetesApiException(prefix + " The API server did not accept the credentials of this configuration (token, client certificate or exec plugin); check the kubeconfig user.", code, status, request),
            404 => new KubernetesNotFoundException(prefix, code, status, request),
            409 => new KubernetesConflictException(prefix, code, status, request),
            410 => new KubernetesGoneException(prefix, code, status, request),
            422 => new KubernetesInvalidException(prefix + KubernetesInvalidException.Describe(status), code, status, request),
            _ => new KubernetesApiException(prefix, code, status, request),
        };
    }
}
