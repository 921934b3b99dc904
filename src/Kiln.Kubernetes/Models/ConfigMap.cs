namespace Kiln.Kubernetes.Models;

/// <summary>Non-secret configuration as key/value pairs.</summary>
public sealed class ConfigMap : KubernetesObject
{
    /// <summary>Creates an empty ConfigMap with its apiVersion and kind set.</summary>
    public ConfigMap()
    {
        ApiVersion = "v1";
        Kind = "ConfigMap";
    }

    public Dictionary<string, string>? Data { get; set; }

    public Dictionary<string, byte[]>? BinaryData { get; set; }

    public bool? Immutable { get; set; }
}
