using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes;

/// <summary>A patch body and its type.</summary>
public sealed record KubernetesPatch(PatchType Type, string Body)
{
    public string ContentType => Type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        _ => "application/json-patch+json",
    };

    /// <summary>A merge patch from an object (anonymous types and JsonNodes work); nulls delete fields only when given as JSON null nodes.</summary>
    public static KubernetesPatch Merge(object content) => new(PatchType.Merge, Serialize(content));

    public static KubernetesPatch StrategicMerge(object content) => new(PatchType.StrategicMerge, Serialize(content));

    /// <summary>A JSON patch from operations such as <c>new JsonObject { ["op"] = "replace", ["path"] = "/data/a", ["value"] = "b" }</c>.</summary>
    public static KubernetesPatch Json(JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return new(PatchType.Json, operations.ToJsonString());
    }

    private static string Serialize(object content) =>
        content is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(content, content.GetType(), KubernetesJson.Options);
}
