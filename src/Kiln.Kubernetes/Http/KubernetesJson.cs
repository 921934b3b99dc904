using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Kubernetes.Http;

/// <summary>The JSON settings of the Kubernetes wire format: camelCase names, absent rather than null fields.</summary>
internal static class KubernetesJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };
}
