using System.Net;
using k8s.Autorest;

namespace Kiln.Cluster.Kubernetes;

/// <summary>Reads what the backend needs from an API error: its status code, whether retrying can help, and a sentence for the user.</summary>
internal static class ApiErrors
{
    public static HttpStatusCode? StatusOf(Exception e) => e switch
    {
        Kiln.Kubernetes.KubernetesApiException api => api.StatusCode,
        HttpOperationException http => http.Response?.StatusCode,
        k8s.KubernetesException k when k.Status?.Code is { } code => (HttpStatusCode)code,
        _ => null,
    };

    public static bool IsNotFound(Exception e) => StatusOf(e) == HttpStatusCode.NotFound;

    /// <summary>True for answers that the same request will get again (forbidden, invalid, not found, conflict...): only a change by the user helps.</summary>
    public static bool IsPermanent(Exception e) => StatusOf(e) is { } code && (int)code is >= 400 and < 500 && code != HttpStatusCode.TooManyRequests && code != HttpStatusCode.RequestTimeout;

    /// <summary>The API server's own message (with Kiln's advice when the client layer added it).</summary>
    public static string Describe(Exception e) => e switch
    {
        Kiln.Kubernetes.KubernetesApiException api => api.Message,
        HttpOperationException http => $"{(int?)http.Response?.StatusCode} {http.Response?.ReasonPhrase}: {StatusMessage(http.Response?.Content) ?? http.Message}",
        _ => e.Message,
    };

    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            return k8s.KubernetesJson.Deserialize<k8s.Models.V1Status>(body)?.Message ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }
}
