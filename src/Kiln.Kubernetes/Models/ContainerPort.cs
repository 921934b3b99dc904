using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>A port a container listens on.</summary>
public sealed class ContainerPort : KubernetesModel
{
    public string? Name { get; set; }

    [JsonPropertyName("containerPort")]
    public int? Port { get; set; }

    public string? Protocol { get; set; }
}
