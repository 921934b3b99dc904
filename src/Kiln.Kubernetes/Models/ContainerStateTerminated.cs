namespace Kiln.Kubernetes.Models;

/// <summary>A container that exited, with its code and reason (Completed, Error, OOMKilled).</summary>
public sealed class ContainerStateTerminated : KubernetesModel
{
    public int ExitCode { get; set; }

    public int? Signal { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? ContainerID { get; set; }
}
