using System.Net.Http.Json;
using System.Text.Json;

namespace Kiln.Tests.Monitoring;

/// <summary>A local session with its UI on a free port and an event log in a temporary directory, plus REST helpers.</summary>
public sealed class MonitoredSession : IAsyncDisposable
{
    public const string Secret = "do-not-show-0123456789";

    private MonitoredSession(KilnSession session, string logDir)
    {
        Session = session;
        LogDir = logDir;
        Http = session.UiWebUrl is { } url ? new HttpClient { BaseAddress = new Uri(url + "/") } : new HttpClient();
    }

    public KilnSession Session { get; }

    public string LogDir { get; }

    public HttpClient Http { get; }

    public static MonitoredSession Start(params (string Key, string Value)[] extra)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kiln-monitoring-tests", Guid.NewGuid().ToString("N"));
        var builder = KilnSession.Builder().Master("local[2]")
            .Config("kiln.ui.port", "0")
            .Config("kiln.eventLog.enabled", "true")
            .Config("spark.eventLog.dir", dir)
            .Config("kiln.sql.shuffle.partitions", "3")
            .Config("kiln.authenticate.secret", Secret);
        foreach (var (key, value) in extra)
        {
            builder.Config(key, value);
        }

        return new MonitoredSession(builder.GetOrCreate(), dir);
    }

    /// <summary>Waits until every event posted so far has reached the status store.</summary>
    public Task SettledAsync() => Session.Engine.Monitor!.Bus.FlushAsync();

    public async Task<JsonElement> GetAsync(string path)
    {
        await SettledAsync();
        return await Http.GetFromJsonAsync<JsonElement>(path);
    }

    public string AppPath(string rest) => $"api/v1/applications/{Session.AppId}/{rest}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Session.DisposeAsync();
    }
}
