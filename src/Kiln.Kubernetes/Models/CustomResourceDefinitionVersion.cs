using System.Text.Json.Nodes;

namespace Kiln.Kubernetes.Models;

/// <summary>One served version of a custom resource, with its schema (kept as raw JSON).</summary>
public sealed class CustomResourceDefinitionVersion : KubernetesModel
{
    public string? Name { get; set; }

    public bool Served { get; set; }

    public bool Storage { get; set; }

    public JsonObject? Schema { get; set; }

    public JsonObject? Subresources { get; set; }
}
