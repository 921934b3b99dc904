using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>A port of a node daemon.</summary>
public sealed class DaemonEndpoint : KubernetesModel
{
    /// <summary>The port; the API spells this field "Port", capitalized.</summary>
    [JsonPropertyName("Port")]
    public int Port { get; set; }
}
