using System.Text.Json;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.Http;

/// <summary>Reads the Status object the API server sends with failures (as a body or in a watch ERROR event).</summary>
internal static class KubernetesStatus
{
    /// <summary>The Status in <paramref name="text"/>, or null if the text is not a Status (an HTML page from a proxy, say).</summary>
    public static V1Status? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(text);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
