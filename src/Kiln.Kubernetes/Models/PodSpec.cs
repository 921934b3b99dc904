namespace Kiln.Kubernetes.Models;

/// <summary>Desired state of a pod.</summary>
public sealed class PodSpec : KubernetesModel
{
    public List<Container>? Containers { get; set; }

    public List<Container>? InitContainers { get; set; }

    public List<Volume>? Volumes { get; set; }

    public string? RestartPolicy { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public string? NodeName { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public string? ServiceAccountName { get; set; }

    public bool? AutomountServiceAccountToken { get; set; }

    public string? Hostname { get; set; }

    public string? Subdomain { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public string? PriorityClassName { get; set; }

    public string? SchedulerName { get; set; }
}
