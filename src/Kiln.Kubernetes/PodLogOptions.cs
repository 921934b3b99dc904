namespace Kiln.Kubernetes;

/// <summary>Options of a pod log request.</summary>
public sealed record PodLogOptions
{
    /// <summary>The container; may be omitted when the pod has one.</summary>
    public string? Container { get; init; }

    /// <summary>Keep the stream open and return new lines as they are written.</summary>
    public bool Follow { get; init; }

    public long? TailLines { get; init; }

    public bool Previous { get; init; }

    public bool Timestamps { get; init; }
}
