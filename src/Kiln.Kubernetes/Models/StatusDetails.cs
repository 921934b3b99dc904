namespace Kiln.Kubernetes.Models;

/// <summary>Details of a failed request: the object it concerned and the causes.</summary>
public sealed class StatusDetails : KubernetesModel
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public string? Uid { get; set; }

    public List<StatusCause>? Causes { get; set; }

    public int? RetryAfterSeconds { get; set; }
}
