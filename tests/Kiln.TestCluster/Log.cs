using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>The node agent's log messages (source-generated).</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeName} registered at {Address}")]
    public static partial void NodeRegistered(ILogger logger, string nodeName, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of node {NodeName} failed")]
    public static partial void HeartbeatFailed(ILogger logger, string nodeName, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod {Namespace}/{PodName} starting on {NodeName} with IP {PodIP}")]
    public static partial void PodStarting(ILogger logger, string @namespace, string podName, string nodeName, string podIP);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {Namespace}/{PodName}/{Container} exited with {ExitCode} ({Reason})")]
    public static partial void ContainerExited(ILogger logger, string @namespace, string podName, string container, int exitCode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod {Namespace}/{PodName} terminating (grace {GraceSeconds}s)")]
    public static partial void PodTerminating(ILogger logger, string @namespace, string podName, long graceSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod {Namespace}/{PodName}: {Problem}")]
    public static partial void PodProblem(ILogger logger, string @namespace, string podName, string problem, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch loop {Loop} failed; restarting")]
    public static partial void LoopFailed(ILogger logger, string loop, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provisioned volume {VolumeName} for claim {Namespace}/{ClaimName}")]
    public static partial void VolumeProvisioned(ILogger logger, string volumeName, string @namespace, string claimName);
}
