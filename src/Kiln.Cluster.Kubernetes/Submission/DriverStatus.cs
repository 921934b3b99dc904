using System.Globalization;
using System.Text;
using k8s.Models;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// What <c>kiln submit</c> and <c>kiln status</c> say about a driver pod, as Spark's status watcher does: phase, the
/// driver container's state and reason, node, start time; and whether the application has ended, with its result.
/// </summary>
public sealed record DriverStatus(string Name, string Namespace, string AppId, string Phase, string ContainerState, string? Node, DateTime? StartTime)
{
    /// <summary>The driver container's termination when it ended (reason such as OOMKilled or Error, exit code, message).</summary>
    public V1ContainerStateTerminated? Terminated { get; init; }

    public bool Ended => Phase is "Succeeded" or "Failed";

    public bool Succeeded => Phase == "Succeeded";

    /// <summary>The exit code <c>kiln submit</c> ends with: 0 when the driver succeeded, else its container's exit code, else 1.</summary>
    public int ExitCode => Succeeded ? 0 : Terminated is { ExitCode: var code and not 0 } ? code : 1;

    public static DriverStatus Of(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var container = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == DriverContainerName(pod)) ?? pod.Status?.ContainerStatuses?.FirstOrDefault();
        var state = container?.State switch
        {
            { Running: { } r } => $"running since {Time(r.StartedAt)}",
            { Terminated: { } t } => $"terminated ({t.Reason ?? "no reason"}, exit code {t.ExitCode.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(t.Message) ? "" : ": " + t.Message.Trim())})",
            { Waiting: { } w } => $"waiting ({w.Reason ?? "no reason"}{(string.IsNullOrEmpty(w.Message) ? "" : ": " + w.Message.Trim())})",
            _ => "not created yet",
        };
        return new DriverStatus(
            pod.Metadata.Name,
            pod.Metadata.NamespaceProperty,
            (pod.Metadata.Labels is { } labels && labels.TryGetValue(Features.ExecutorPodLabels.AppId, out var id) ? id : ""),
            pod.Status?.Phase ?? "Pending",
            state,
            pod.Spec?.NodeName,
            pod.Status?.StartTime)
        {
            Terminated = container?.State?.Terminated,
        };
    }

    /// <summary>The one-line form printed at every change and every report interval.</summary>
    public string Line => $"{Namespace}/{Name}: phase {Phase}, driver {ContainerState}{(Node is null ? "" : $", node {Node}")}{(StartTime is null ? "" : $", started {Time(StartTime)}")}";

    /// <summary>The several-line form of <c>kiln status</c>.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append("pod name: ").Append(Namespace).Append('/').Append(Name).Append('\n');
        sb.Append("application id: ").Append(AppId).Append('\n');
        sb.Append("phase: ").Append(Phase).Append('\n');
        sb.Append("driver container: ").Append(ContainerState).Append('\n');
        sb.Append("node: ").Append(Node ?? "(not scheduled)").Append('\n');
        sb.Append("start time: ").Append(StartTime is null ? "(not started)" : Time(StartTime)).Append('\n');
        return sb.ToString();
    }

    private static string DriverContainerName(V1Pod pod) =>
        pod.Spec?.Containers?.FirstOrDefault(c => c.Args?.FirstOrDefault() == "driver")?.Name ?? DriverPodLabels.ContainerName;

    private static string Time(DateTime? t) => t is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "?";
}
