using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>The result of a failed (or non-object returning) API call.</summary>
public sealed class Status : KubernetesObject
{
    /// <summary>Creates an empty Status with its apiVersion and kind set.</summary>
    public Status()
    {
        ApiVersion = "v1";
        Kind = "Status";
    }

    [JsonPropertyName("status")]
    public string? StatusValue { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public int? Code { get; set; }

    public StatusDetails? Details { get; set; }
}
