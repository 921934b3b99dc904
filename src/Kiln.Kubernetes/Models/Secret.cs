namespace Kiln.Kubernetes.Models;

/// <summary>Secret data; values are bytes (base64 on the wire). StringData is write-only.</summary>
public sealed class Secret : KubernetesObject
{
    /// <summary>Creates an empty Secret with its apiVersion and kind set.</summary>
    public Secret()
    {
        ApiVersion = "v1";
        Kind = "Secret";
    }

    public string? Type { get; set; }

    public Dictionary<string, byte[]>? Data { get; set; }

    public Dictionary<string, string>? StringData { get; set; }

    public bool? Immutable { get; set; }
}
