using Microsoft.Extensions.Logging;

namespace Kiln.Staging.Server;

/// <summary>The staging server's log lines. None carries a secret or a secret's hash.</summary>
internal static partial class StagingLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Staging store at {Directory}: {Count} bundles kept, {Removed} expired or incomplete entries removed")]
    public static partial void Opened(this ILogger logger, string directory, int count, int removed);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Stored bundle {Id} of {Size} bytes for application {AppId}, expires {ExpiresAt:O}")]
    public static partial void Stored(this ILogger logger, string id, long size, string appId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Served bundle {Id}")]
    public static partial void Served(this ILogger logger, string id);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Deleted bundle {Id}")]
    public static partial void Deleted(this ILogger logger, string id);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Bundle {Id} expired and was removed")]
    public static partial void Expired(this ILogger logger, string id);

    [LoggerMessage(EventId = 705, Level = LogLevel.Warning, Message = "Refused {Method} {Target}: {Reason}")]
    public static partial void Refused(this ILogger logger, string method, string target, string reason);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "Upload of {Id} did not complete ({Problem}); nothing was stored")]
    public static partial void UploadIncomplete(this ILogger logger, string id, string problem);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Could not remove {Path}: {Problem}")]
    public static partial void RemoveFailed(this ILogger logger, string path, string problem);
}
