using System.Diagnostics;
using System.Net;
using Kiln.Ui.Api;
using Kiln.Ui.Http;
using Kiln.Ui.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kiln.Ui;

/// <summary>
/// The web server of the driver's live UI and of the history server (Kestrel): server-rendered pages, Spark's REST
/// API under <c>/api/v1</c> and, when given a metrics registry, Prometheus text at <c>/metrics</c>.
/// <code>
///   request ─> proxy prefix (X-Forwarded-Prefix / kiln.ui.proxyBase → PathBase) ─> access token ─> routes
///              /api/v1/...  REST (RestApi)     /metrics, /metrics/executors/prometheus  Prometheus     else  pages (PageRoutes)
/// </code>
/// It binds the first free port from <see cref="UiServerOptions.Port"/> on; pages read the status source, never
/// the scheduler, so a slow page costs no scheduling.
/// </summary>
/// <remarks>Start with <see cref="StartAsync"/>, dispose to stop. Thread-safe for requests.</remarks>
public sealed class UiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UiServer(WebApplication app, int port, string host)
    {
        _app = app;
        Port = port;
        Url = $"http://{(host is "0.0.0.0" or "::" ? "127.0.0.1" : host)}:{port}";
    }

    /// <summary>The port bound.</summary>
    public int Port { get; }

    /// <summary>An address to open the UI at, such as http://127.0.0.1:4040.</summary>
    public string Url { get; }

    /// <param name="metrics">Paths (such as /metrics) and what writes their Prometheus text exposition; null: none.</param>
    public static async Task<UiServer> StartAsync(UiServerOptions options, IStatusSource source, IReadOnlyList<(string Path, Func<Stream, CancellationToken, Task> Write)>? metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        var address = IPAddress.Parse(options.Host);
        // kiln.ui.port, then the next ports (Spark's habit), then any free port: many drivers on one machine (tests,
        // several applications) never fail for want of a UI port; the address is printed either way.
        var candidates = options.Port == 0 ? [0] : Enumerable.Range(options.Port, Math.Min(options.PortRetries + 1, 65536 - options.Port)).Append(0).ToArray();
        foreach (var port in candidates)
        {
            var app = Build(options, source, metrics, address, port);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                return new UiServer(app, port == 0 ? BoundPort(app) : port, options.Host);
            }
            catch (Exception e) when (port != 0 && IsAddressInUse(e))
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new UnreachableException("port 0 either binds or throws");
    }

    private static WebApplication Build(UiServerOptions options, IStatusSource source, IReadOnlyList<(string Path, Func<Stream, CancellationToken, Task> Write)>? metrics, IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(UiServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(address, port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            ProxyPrefix.Apply(context, options.ProxyBase);
            if (!TokenCheck.Allows(context, options.AuthToken))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("this UI needs its access token: send Authorization: Bearer TOKEN or open it once with ?token=TOKEN").ConfigureAwait(false);
                return;
            }

            context.Response.Headers.XContentTypeOptions = "nosniff";
            await next(context).ConfigureAwait(false);
        });
        app.UseRouting();
        RestApi.Map(app, source);
        foreach (var (path, write) in metrics ?? [])
        {
            app.MapGet(path, async (HttpContext context) =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await write(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            });
        }

        PageRoutes.Map(app, source);
        return app;
    }

    /// <summary>Kestrel reports a taken port as AddressInUseException or, racing another binder, as the bare SocketException.</summary>
    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }

    private static int BoundPort(WebApplication app) =>
        app.Urls.Select(u => new Uri(u.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port).First();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
