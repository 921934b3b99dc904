using System.Net;
using System.Text;
using k8s.Models;

namespace Kiln.Kubernetes;

/// <summary>The server rejected the object as invalid (422); <see cref="InvalidFields"/> names each offending field.</summary>
public sealed class KubernetesInvalidException : KubernetesApiException
{
    public KubernetesInvalidException(string message, HttpStatusCode statusCode, V1Status? status, KubernetesRequestInfo request)
        : base(message, statusCode, status, request)
    {
    }

    /// <summary>The paths of the invalid fields, such as "metadata.name" or "spec.containers[0].image".</summary>
    public IReadOnlyList<string> InvalidFields => Causes.Where(c => c.Field is not null).Select(c => c.Field!).ToList();

    internal static string Describe(V1Status? status)
    {
        var causes = status?.Details?.Causes;
        if (causes is null || causes.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder(" Invalid fields:");
        foreach (var c in causes)
        {
            sb.Append(" [").Append(c.Field ?? "?").Append(": ").Append(c.Message).Append(']');
        }

        return sb.ToString();
    }
}
