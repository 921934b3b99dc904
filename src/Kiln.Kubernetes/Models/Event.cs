namespace Kiln.Kubernetes.Models;

/// <summary>A report of something that happened to an object (core/v1 events).</summary>
public sealed class Event : KubernetesObject
{
    /// <summary>Creates an empty Event with its apiVersion and kind set.</summary>
    public Event()
    {
        ApiVersion = "v1";
        Kind = "Event";
    }

    public ObjectReference? InvolvedObject { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    public string? Type { get; set; }

    public EventSource? Source { get; set; }

    public int? Count { get; set; }

    public DateTimeOffset? FirstTimestamp { get; set; }

    public DateTimeOffset? LastTimestamp { get; set; }

    public string? ReportingComponent { get; set; }

    public string? ReportingInstance { get; set; }
}
