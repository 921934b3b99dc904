using System.Text.Json.Nodes;

namespace Kiln.Kubernetes.Models;

/// <summary>
/// An object of any kind, typed only by its envelope: custom resources, or built-in kinds the library has
/// no model for (RBAC roles, storage classes). Fields other than spec and status are in ExtensionData.
/// </summary>
public sealed class CustomObject : KubernetesObject
{
    /// <summary>Creates an empty object; set <see cref="KubernetesObject.ApiVersion"/> and kind before creating it.</summary>
    public CustomObject()
    {
    }

    /// <summary>Creates an object of the given apiVersion and kind.</summary>
    public CustomObject(string apiVersion, string kind)
    {
        ApiVersion = apiVersion;
        Kind = kind;
    }

    public JsonObject? Spec { get; set; }

    public JsonObject? Status { get; set; }
}
