namespace Kiln.Kubernetes;

/// <summary>Options of a delete: how dependents are treated, the grace period, and preconditions.</summary>
public sealed record DeleteOptions
{
    /// <summary>"Foreground", "Background" or "Orphan"; null for the server's default.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Seconds a pod gets to stop; 0 deletes immediately.</summary>
    public long? GracePeriodSeconds { get; init; }

    /// <summary>Only delete if the object still has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Only delete if the object still has this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }
}
