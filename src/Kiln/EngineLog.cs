using Microsoft.Extensions.Logging;

namespace Kiln;

/// <summary>The driver's own log messages about jobs (source-generated, structured).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Skipped {Count} unreadable input file(s) (ignoreCorruptFiles=true); their rows are missing from the result")]
    public static partial void CorruptFilesSkipped(ILogger logger, long count);
}
