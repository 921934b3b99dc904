using System.Net;
using Kiln.Kubernetes;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// What the backend needs from an API error: its status code and whether retrying can help. Every call goes through a
/// client from <see cref="KubernetesClients.Create"/>, so errors are Kiln's typed ones, whose messages already say what
/// to fix (a 403 names the RBAC rule to add).
/// </summary>
internal static class ApiErrors
{
    public static HttpStatusCode? StatusOf(Exception e) => (e as KubernetesApiException)?.StatusCode;

    public static bool IsNotFound(Exception e) => e is KubernetesNotFoundException;

    /// <summary>True for answers that the same request will get again (forbidden, invalid, not found, conflict...): only a change by the user helps.</summary>
    public static bool IsPermanent(Exception e) => StatusOf(e) is { } code && (int)code is >= 400 and < 500 && code != HttpStatusCode.TooManyRequests && code != HttpStatusCode.RequestTimeout;
}
