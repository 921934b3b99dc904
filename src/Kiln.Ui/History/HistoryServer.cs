using Kiln.Common.Config;
using Kiln.Status;

namespace Kiln.Ui.History;

/// <summary>
/// <c>kiln history-server</c>: the same pages and REST API as the live UI, for every application whose event log is
/// in a directory, finished or still running, refreshed every <c>kiln.history.fs.update.interval</c>.
/// </summary>
/// <remarks>Dispose to stop the refresh timer and the web server.</remarks>
public sealed class HistoryServer : IAsyncDisposable
{
    private readonly UiServer _ui;
    private readonly ITimer _timer;
    private readonly Lock _refreshing = new();

    private HistoryServer(HistoryProvider provider, UiServer ui, TimeSpan interval, TimeProvider time)
    {
        Provider = provider;
        _ui = ui;
        _timer = time.CreateTimer(_ => RefreshNow(), null, interval, interval);
    }

    public HistoryProvider Provider { get; }

    public string Url => _ui.Url;

    public int Port => _ui.Port;

    public static async Task<HistoryServer> StartAsync(string dir, int port, KilnConf conf, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(conf);
        time ??= TimeProvider.System;
        var provider = new HistoryProvider(dir, conf.Get(MonitoringConfigKeys.HistoryCleanerMaxAge), time);
        provider.Refresh();
        var options = UiServerOptions.FromConf(conf) with { Port = port };
        var ui = await UiServer.StartAsync(options, provider, null, cancellationToken).ConfigureAwait(false);
        return new HistoryServer(provider, ui, conf.Get(MonitoringConfigKeys.HistoryUpdateInterval), time);
    }

    /// <summary>Refreshes at once (the timer does so every update interval).</summary>
    public void RefreshNow()
    {
        lock (_refreshing)
        {
            Provider.Refresh();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _ui.DisposeAsync().ConfigureAwait(false);
    }
}
