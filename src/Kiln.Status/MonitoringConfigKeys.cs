using System.Text.RegularExpressions;
using Kiln.Common.Config;

[assembly: ConfigModule(typeof(Kiln.Status.MonitoringConfigKeys))]

namespace Kiln.Status;

/// <summary>
/// The configuration keys of monitoring: the listener bus, the event log, redaction, the web UI and the history
/// server. Each accepts Spark's <c>spark.*</c> spelling.
/// </summary>
public static class MonitoringConfigKeys
{
    private const string Since = "0.3.0";

    public static readonly TypedConfigEntry<int> EventQueueCapacity = new(
        "kiln.listenerbus.eventqueue.capacity",
        "Listener events (jobs, stages, tasks, executors) waiting for the status store, event log and metrics. When full, new events are dropped and counted (kiln_listener_events_dropped_total), never waited for.",
        () => 10_000,
        "10000",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        Since,
        "spark.scheduler.listenerbus.eventqueue.capacity");

    public static readonly TypedConfigEntry<bool> EventLogEnabled = Flag(
        "kiln.eventLog.enabled", "Write listener events to an event log in kiln.eventLog.dir, for the history server.", false, "spark.eventLog.enabled");

    public static readonly TypedConfigEntry<string> EventLogDir = new(
        "kiln.eventLog.dir",
        "Directory event logs are written to (one file, or one folder when rolling, per application).",
        () => Path.Combine(Path.GetTempPath(), "kiln-events"),
        "<temp>/kiln-events",
        s => s.StartsWith("file:", StringComparison.Ordinal) ? new Uri(s).LocalPath : s,
        "a directory path (file:/ URLs accepted)",
        s => s.Length == 0 ? "must not be empty" : null,
        Since,
        "spark.eventLog.dir");

    public static readonly TypedConfigEntry<bool> EventLogCompress = Flag(
        "kiln.eventLog.compress", "Compress event logs with gzip (files end in .gz); flushed after every burst of events, so a crash loses at most the last line.", false, "spark.eventLog.compress");

    public static readonly TypedConfigEntry<bool> EventLogRolling = Flag(
        "kiln.eventLog.rolling.enabled", "Roll the event log over into numbered files of at most kiln.eventLog.rolling.maxFileSize, in a folder per application.", false, "spark.eventLog.rolling.enabled");

    public static readonly TypedConfigEntry<long> EventLogMaxFileSize = new(
        "kiln.eventLog.rolling.maxFileSize",
        "The size after which a rolling event log starts its next file.",
        () => 128L << 20,
        "128m",
        ConfigParsers.ParseBytes,
        "a size of at least 10k",
        n => n < 10 << 10 ? "must be at least 10k" : null,
        Since,
        "spark.eventLog.rolling.maxFileSize");

    public static readonly TypedConfigEntry<bool> ExecutorLogsEnabled = new(
        "kiln.executor.logs.enabled",
        "Keep each executor's standard output and error (local-cluster processes) as files beside the event log, in kiln.eventLog.dir/APPID.logs (in the application's local directory when the event log is off); the Executors page links to them, live and in the history server.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since);

    public static readonly TypedConfigEntry<long> ExecutorLogsMaxFileSize = new(
        "kiln.executor.logs.maxFileSize",
        "The size at which a kept executor log file (one stream of one executor) takes no more lines.",
        () => 64L << 20,
        "64m",
        ConfigParsers.ParseBytes,
        "a size of at least 1k",
        n => n < 1 << 10 ? "must be at least 1k" : null,
        Since);

    public static readonly TypedConfigEntry<string> RedactionRegex = new(
        "kiln.redaction.regex",
        "Configuration keys matching this regular expression have their values shown as *********(redacted) on every page, API answer and event log.",
        () => "(?i)secret|password|token|access[.]key",
        "(?i)secret|password|token|access[.]key",
        s => s,
        "a .NET regular expression",
        ValidRegex,
        Since,
        "spark.redaction.regex");

    public static readonly TypedConfigEntry<bool> UiEnabled = Flag(
        "kiln.ui.enabled", "Serve the web UI, the REST API (/api/v1) and Prometheus metrics (/metrics) from the driver.", true, "spark.ui.enabled");

    public static readonly TypedConfigEntry<int> UiPort = new(
        "kiln.ui.port",
        "The driver's web UI port; when taken, the next ones are tried (up to kiln.ui.port.maxRetries further), then any free port; the address is printed at start. 0: any free port.",
        () => 4040,
        "4040",
        ConfigParsers.ParseInt,
        "a port from 0 to 65535",
        n => n is < 0 or > 65535 ? "must be between 0 and 65535" : null,
        Since,
        "spark.ui.port");

    public static readonly TypedConfigEntry<int> UiPortMaxRetries = new(
        "kiln.ui.port.maxRetries",
        "How many ports after kiln.ui.port are tried when it is taken.",
        () => 16,
        "16",
        ConfigParsers.ParseInt,
        "an integer from 0 to 1000",
        n => n is < 0 or > 1000 ? "must be between 0 and 1000" : null,
        Since,
        "spark.port.maxRetries");

    public static readonly TypedConfigEntry<string> UiHost = new(
        "kiln.ui.host",
        "The address the web UI listens on (0.0.0.0: every interface, so a Kubernetes Service or kubectl port-forward reaches it).",
        () => "0.0.0.0",
        "0.0.0.0",
        s => s,
        "an IP address",
        s => System.Net.IPAddress.TryParse(s, out _) ? null : $"'{s}' is not an IP address",
        Since);

    public static readonly TypedConfigEntry<string> UiProxyBase = new(
        "kiln.ui.proxyBase",
        "The path prefix the UI is reached under behind a reverse proxy (such as /spark/app-1); links and redirects carry it. A request's X-Forwarded-Prefix header overrides it.",
        () => string.Empty,
        "(none)",
        s => s.TrimEnd('/'),
        "a path starting with /",
        s => s.Length == 0 || s.StartsWith('/') ? null : "must start with /",
        Since,
        "spark.ui.proxyBase");

    public static readonly TypedConfigEntry<string> UiAuthToken = new(
        "kiln.ui.authToken",
        "When set, every UI, REST and metrics request must carry it (Authorization: Bearer TOKEN, or ?token=TOKEN once, which sets a cookie).",
        () => string.Empty,
        "(none)",
        s => s,
        "any text",
        since: Since);

    public static readonly TypedConfigEntry<TimeSpan> HistoryCleanerMaxAge = new(
        "kiln.history.fs.cleaner.maxAge",
        "The history server deletes event logs of finished applications older than this (0: never).",
        () => TimeSpan.FromDays(7),
        "7d",
        ConfigParsers.ParseDuration,
        "a duration such as 7d or 12h",
        t => t < TimeSpan.Zero ? "must not be negative" : null,
        Since,
        "spark.history.fs.cleaner.maxAge");

    public static readonly TypedConfigEntry<TimeSpan> HistoryUpdateInterval = new(
        "kiln.history.fs.update.interval",
        "How often the history server looks for new and grown event logs (only what was appended is read).",
        () => TimeSpan.FromSeconds(10),
        "10s",
        ConfigParsers.ParseDuration,
        "a duration of at least 100ms",
        t => t < TimeSpan.FromMilliseconds(100) ? "must be at least 100ms" : null,
        Since,
        "spark.history.fs.update.interval");

    public static IReadOnlyList<ConfigEntry> All { get; } =
    [
        EventQueueCapacity, EventLogEnabled, EventLogDir, EventLogCompress, EventLogRolling, EventLogMaxFileSize, ExecutorLogsEnabled, ExecutorLogsMaxFileSize, RedactionRegex,
        UiEnabled, UiPort, UiPortMaxRetries, UiHost, UiProxyBase, UiAuthToken, HistoryCleanerMaxAge, HistoryUpdateInterval,
    ];

    private static TypedConfigEntry<bool> Flag(string key, string doc, bool defaultValue, string alias) =>
        new(key, doc, () => defaultValue, defaultValue ? "true" : "false", ConfigParsers.ParseBool, "true or false", null, Since, alias);

    private static string? ValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"not a regular expression: {e.Message}";
        }
    }
}
