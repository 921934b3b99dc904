using Kiln.Common.Config;
using Kiln.Scheduler.Events;
using Kiln.Status;
using Kiln.Status.EventLog;
using Kiln.Status.ExecutorLogs;
using Kiln.Status.Store;
using Kiln.Ui;
using Kiln.Ui.Metrics;

namespace Kiln.Monitoring;

/// <summary>
/// Everything that watches one application, wired to the driver's listener bus:
/// <code>
///   DagScheduler, ClusterBackend ──Post──> ListenerBus ──> AppStatusStore ──> UiServer (pages, /api/v1)
///                                                     ├──> EventLogWriter (kiln.eventLog.*)
///                                                     ├──> KilnMetrics ──────> UiServer (/metrics)
///                                                     └──> ExecutorMetrics ──> UiServer (/metrics/executors/prometheus)
///   executor processes' stdout/stderr ──> ExecutorLogFiles (beside the event log) ──> UiServer (Executors, logs)
/// </code>
/// With the UI and the event log both off there is no bus at all, so the scheduler posts nothing.
/// </summary>
/// <remarks>Started before the backend (executor events need the bus), disposed after it: ApplicationEnded is the log's last line.</remarks>
internal sealed class ApplicationMonitor : IAsyncDisposable
{
    private readonly EventLogWriter? _log;

    private ApplicationMonitor(ListenerBus bus, AppStatusStore store, EventLogWriter? log, UiServer? ui, ExecutorLogFiles? executorLogs)
    {
        ExecutorLogs = executorLogs;
        Bus = bus;
        Store = store;
        _log = log;
        Ui = ui;
    }

    public ListenerBus Bus { get; }

    public AppStatusStore Store { get; }

    public UiServer? Ui { get; }

    /// <summary>Where executors' output is kept; null when kiln.executor.logs.enabled is false.</summary>
    public ExecutorLogFiles? ExecutorLogs { get; }

    /// <summary>The monitor the configuration asks for; null when the UI and the event log are off.</summary>
    public static async Task<ApplicationMonitor?> StartAsync(KilnConf conf, string appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conf);
        var uiEnabled = conf.Get(MonitoringConfigKeys.UiEnabled);
        var logEnabled = conf.Get(MonitoringConfigKeys.EventLogEnabled);
        if (!uiEnabled && !logEnabled)
        {
            return null;
        }

        var bus = new ListenerBus(conf.Get(MonitoringConfigKeys.EventQueueCapacity));
        var store = new AppStatusStore();
        bus.Subscribe(store);
        EventLogWriter? log = null;
        UiServer? ui = null;
        var executorLogs = conf.Get(MonitoringConfigKeys.ExecutorLogsEnabled)
            ? new ExecutorLogFiles(
                logEnabled ? ExecutorLogFiles.DirectoryFor(conf.Get(MonitoringConfigKeys.EventLogDir), appId) : Path.Combine(conf.Get(ConfigKeys.LocalDir), appId, "executor-logs"),
                conf.Get(MonitoringConfigKeys.ExecutorLogsMaxFileSize))
            : null;
        try
        {
            if (logEnabled)
            {
                log = new EventLogWriter(EventLogOptions.FromConf(conf), appId);
                bus.Subscribe(log);
            }

            if (uiEnabled)
            {
                var metrics = new KilnMetrics(bus);
                var executorMetrics = new ExecutorMetrics();
                bus.Subscribe(metrics);
                bus.Subscribe(executorMetrics);
                (string, Func<Stream, CancellationToken, Task>)[] endpoints =
                [
                    ("/metrics", metrics.WriteAsync), ("/metrics/prometheus", metrics.WriteAsync), ("/metrics/executors/prometheus", executorMetrics.WriteAsync),
                ];
                ui = await UiServer.StartAsync(UiServerOptions.FromConf(conf), new LiveStatusSource(store, executorLogs?.Directory), endpoints, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await bus.DisposeAsync().ConfigureAwait(false);
            log?.Dispose();
            throw;
        }

        bus.Post(new ApplicationStarted(bus.Now, appId, conf.Get(ConfigKeys.AppName), conf.Get(ConfigKeys.Master), Environment.UserName, KilnVersion));
        bus.Post(new EnvironmentUpdated(bus.Now, Redactor.FromConf(conf).Redact(conf.Values), RuntimeFacts()));
        return new ApplicationMonitor(bus, store, log, ui, executorLogs);
    }

    public static string KilnVersion => typeof(ApplicationMonitor).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static KeyValuePair<string, string>[] RuntimeFacts() =>
    [
        new(".NET", Environment.Version.ToString()),
        new("OS", System.Runtime.InteropServices.RuntimeInformation.OSDescription),
        new("Process id", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Processors", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Working directory", Environment.CurrentDirectory),
        new("Kiln", KilnVersion),
    ];

    /// <summary>Posts ApplicationEnded, delivers what is queued, closes the event log (dropping .inprogress) and stops the UI.</summary>
    public async ValueTask DisposeAsync()
    {
        await Bus.PostWaitingAsync(new ApplicationEnded(Bus.Now)).ConfigureAwait(false);
        await Bus.DisposeAsync().ConfigureAwait(false);
        _log?.Dispose();
        if (Ui is not null)
        {
            await Ui.DisposeAsync().ConfigureAwait(false);
        }
    }
}
