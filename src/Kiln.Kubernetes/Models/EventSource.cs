namespace Kiln.Kubernetes.Models;

/// <summary>The component that reported an event.</summary>
public sealed class EventSource : KubernetesModel
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
