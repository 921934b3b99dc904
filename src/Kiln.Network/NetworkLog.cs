using Microsoft.Extensions.Logging;

namespace Kiln.Network;

/// <summary>The network layer's log messages (source-generated, structured).</summary>
internal static partial class NetworkLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Listening for {Service} connections on {Address} (TLS {Tls})")]
    public static partial void Listening(ILogger logger, string service, NetworkAddress address, bool tls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refused connection from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, NetworkAddress remote, string reason, Exception? exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Connection with {Remote} established ({Role})")]
    public static partial void ConnectionOpened(ILogger logger, NetworkAddress remote, string role);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Connection with {Remote} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, NetworkAddress remote, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Accepting a connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "RPC handler for {MessageType} on endpoint {Endpoint} failed")]
    public static partial void HandlerFailed(ILogger logger, string endpoint, string messageType, Exception exception);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "One-way message {MessageType} to endpoint {Endpoint} from {Remote} was dropped: {Reason}")]
    public static partial void OneWayDropped(ILogger logger, string endpoint, string messageType, NetworkAddress remote, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Serving block {BlockId} to {Remote} failed")]
    public static partial void BlockServeFailed(ILogger logger, string blockId, NetworkAddress remote, Exception exception);
}
