using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package, installed by scripts/test.sh cluster) scraping the
/// given targets, and its HTTP query API. Its data and configuration live in a directory of the test.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly List<string> _output = [];

    private PrometheusServer(Process process, int port)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    public static string Binary => Environment.GetEnvironmentVariable("KILN_PROMETHEUS") ?? "/usr/bin/prometheus";

    /// <param name="targets">Scrape jobs: a name, host:port and the metrics path.</param>
    public static async Task<PrometheusServer> StartAsync(string dir, IEnumerable<(string Job, string Target, string Path)> targets)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"no Prometheus at {Binary}: run scripts/test.sh cluster (it installs Debian's prometheus) or set KILN_PROMETHEUS");
        }

        Directory.CreateDirectory(dir);
        var config = "global:\n  scrape_interval: 200ms\n  scrape_timeout: 150ms\nscrape_configs:\n" + string.Concat(targets.Select(t =>
            $"  - job_name: {t.Job}\n    metrics_path: {t.Path}\n    static_configs:\n      - targets: ['{t.Target}']\n"));
        var configFile = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config);
        var port = FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add($"--config.file={configFile}");
        start.ArgumentList.Add($"--storage.tsdb.path={Path.Combine(dir, "data")}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var server = new PrometheusServer(new Process { StartInfo = start }, port);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>The value of an instant query that answers one sample; null while it answers none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var answer = JsonDocument.Parse(await _http.GetStringAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)));
        var result = answer.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the query answers <paramref name="expected"/> (Prometheus scrapes every 200 ms); fails with the last answer.</summary>
    public async Task ExpectAsync(string promql, double expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        double? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await QueryAsync(promql);
            if (last == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Prometheus answered {promql} = {last?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}, not {expected}, for {timeout.TotalSeconds}s; its output:\n{Output()}");
    }

    private async Task WaitReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var ready = await _http.GetAsync("-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready within 60s:\n{Output()}");
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(30));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
