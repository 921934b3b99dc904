using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes;

/// <summary>The Kubernetes backend's log messages.</summary>
internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "The Kubernetes API server is unreachable ({Problem}); running executors go on, and the driver retries")]
    public static partial void ApiServerUnreachable(ILogger logger, string problem);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "The Kubernetes API server answers again")]
    public static partial void ApiServerBack(ILogger logger);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "A pod snapshot subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Requesting executor pods: creating {Count} (pending {Pending}, queued {Queued})")]
    public static partial void CreatingPods(ILogger logger, int count, int pending, int queued);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Executor pod {PodName} cannot start: {Reason}")]
    public static partial void PodBlocked(ILogger logger, string podName, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Could not delete {Kind} {Name}: {Problem}")]
    public static partial void DeleteFailed(ILogger logger, string kind, string name, string problem);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Deleted the application's executor pods and objects in namespace {Namespace}")]
    public static partial void CleanedUp(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Could not create executor pod {PodName}: {Problem}")]
    public static partial void CreateFailed(ILogger logger, string podName, string problem);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Reading the log of executor pod {PodName} was interrupted ({Problem}); reconnecting")]
    public static partial void PodLogInterrupted(ILogger logger, string podName, string problem);
}
