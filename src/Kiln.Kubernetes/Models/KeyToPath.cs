namespace Kiln.Kubernetes.Models;

/// <summary>Maps one key to a relative file path.</summary>
public sealed class KeyToPath : KubernetesModel
{
    public string? Key { get; set; }

    public string? Path { get; set; }

    public int? Mode { get; set; }
}
