using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Kiln.Staging.Server;

/// <summary>
/// The resource staging server (Kestrel): <c>kiln submit</c> uploads an application's files as one bundle and gets
/// an id and a secret back; the driver and executor pods download the bundle with them at start.
/// <code>
///   POST   /api/v1/resources[?appId=A]         body: the bundle       → 201 {"resourceId","resourceSecret"} | 413
///   GET    /api/v1/resources/ID   Authorization: Bearer SECRET        → 200 the bundle | 401 | 404
///   DELETE /api/v1/resources/ID   Authorization: Bearer SECRET        → 204 | 401 | 404
///   GET    /healthz                                                   → 200 (probes)
/// </code>
/// Bundles live in a <see cref="StagingStore"/> on disk; a background loop removes expired ones. Start with
/// <see cref="StartAsync"/>, dispose to stop. See docs/staging-server.md for the security model.
/// </summary>
public sealed class StagingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopSweeping;
    private readonly X509Certificate2? _certificate;
    private readonly Task _sweeper;

    private StagingServer(WebApplication app, Task sweeper, CancellationTokenSource stopSweeping, int port, string host, X509Certificate2? certificate, int count)
    {
        _app = app;
        _certificate = certificate;
        _sweeper = sweeper;
        _stopSweeping = stopSweeping;
        Port = port;
        BundleCount = count;
        Url = new Uri($"{(certificate is not null ? "https" : "http")}://{(host is "0.0.0.0" or "::" ? "127.0.0.1" : host)}:{port}");
    }

    /// <summary>The port bound.</summary>
    public int Port { get; }

    /// <summary>An address of the server on this machine, such as http://127.0.0.1:10000.</summary>
    public Uri Url { get; }

    /// <summary>How many bundles the store held when the server started.</summary>
    public int BundleCount { get; }

    public static async Task<StagingServer> StartAsync(StagingServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.TlsCertificateFile is null) != (options.TlsKeyFile is null))
        {
            throw new StagingException("TLS needs both a certificate file and its key file (--tls-cert and --tls-key)");
        }

        var certificate = options.TlsCertificateFile is null ? null : LoadCertificate(options.TlsCertificateFile, options.TlsKeyFile!);
        var log = options.LoggerFactory.CreateLogger<StagingServer>();
        var store = new StagingStore(options.Directory, options.Ttl, options.TimeProvider, log);
        store.Open();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(StagingServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            // The store enforces MaxUploadBytes itself, with a 413 instead of a dropped connection.
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Parse(options.Host), options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        var app = builder.Build();
        ResourceEndpoints.Map(app, store, options.MaxUploadBytes, log);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var stopSweeping = new CancellationTokenSource();
        var sweeper = SweepAsync(store, options, stopSweeping.Token);
        var port = options.Port != 0 ? options.Port : app.Urls.Select(u => new Uri(u.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port).First();
        return new StagingServer(app, sweeper, stopSweeping, port, options.Host, certificate, store.Count);
    }

    private static X509Certificate2 LoadCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new StagingException($"cannot load the TLS certificate {certFile} with key {keyFile}: {e.Message}", e);
        }
    }

    private static async Task SweepAsync(StagingStore store, StagingServerOptions options, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, options.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var removed = store.RemoveExpired();
                options.AfterSweep?.Invoke(removed);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopSweeping.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(false);
        _stopSweeping.Dispose();
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }
}
