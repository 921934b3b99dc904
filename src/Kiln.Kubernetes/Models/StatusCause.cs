namespace Kiln.Kubernetes.Models;

/// <summary>One reason a request failed, usually naming the offending field.</summary>
public sealed class StatusCause : KubernetesModel
{
    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Field { get; set; }
}
