using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Models;

/// <summary>
/// Base of every model type. Fields the model does not declare are kept in <see cref="ExtensionData"/>,
/// so an object read from the server and written back (update) loses nothing.
/// </summary>
public abstract class KubernetesModel
{
    /// <summary>Fields not declared by the model type, exactly as the server sent them.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
