using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// The kubelet's HTTPS port, as far as the API server needs it: <c>GET /containerLogs/{ns}/{pod}/{container}</c>
/// (follow, tailLines, previous), which backs <c>pods/log</c> and so <c>kubectl logs</c>. Serves a self-signed
/// certificate; the API server does not verify kubelet certificates unless --kubelet-certificate-authority is set.
/// </summary>
internal sealed class KubeletServer(IReadOnlyList<string> addresses, int port, PodRegistry registry) : IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = SelfSigned(addresses);
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var address in addresses)
            {
                k.Listen(IPAddress.Parse(address), port, l => l.UseHttps(certificate));
            }
        });
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapGet("/containerLogs/{ns}/{pod}/{container}", ServeLogAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeLogAsync(HttpContext context, string ns, string pod, string container)
    {
        var q = context.Request.Query;
        var follow = q["follow"] == "true";
        var previous = q["previous"] == "true";
        long? tail = long.TryParse(q["tailLines"], System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
        var runner = registry.Find(ns, pod);
        var (file, _) = runner?.LogFileOf(container, previous) ?? (null, false);
        if (runner is null || file is null || !File.Exists(file))
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync($"no log for container {container} of pod {ns}/{pod}\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/plain";
        var ct = context.RequestAborted;
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await using (stream.ConfigureAwait(false))
        {
            if (tail is { } lines)
            {
                stream.Position = TailOffset(stream, lines);
            }

            var buffer = new byte[16 * 1024];
            while (!ct.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
                if (read > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (!follow || !(registry.Find(ns, pod)?.LogFileOf(container, false).Running ?? false))
                {
                    // One more read: the container may have written its last bytes just before it stopped.
                    read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                    continue;
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private static long TailOffset(FileStream stream, long lines)
    {
        var length = stream.Length;
        var buffer = new byte[1];
        var seen = 0L;
        for (var pos = length - 1; pos >= 0; pos--)
        {
            stream.Position = pos;
            _ = stream.Read(buffer, 0, 1);
            if (buffer[0] == '\n' && pos != length - 1 && ++seen == lines)
            {
                return pos + 1;
            }
        }

        return 0;
    }

    private static X509Certificate2 SelfSigned(IReadOnlyList<string> addresses)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kiln-test-kubelet", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var a in addresses)
        {
            san.AddIpAddress(IPAddress.Parse(a));
        }

        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
