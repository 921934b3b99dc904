using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kiln.Staging.Server;

namespace Kiln.Staging.Client;

/// <summary>
/// The client of a resource staging server (<see cref="StagingServer"/>), for the submitter and the pods:
/// <code>
///   using var client = new StagingClient(new Uri("http://kiln-staging.kiln.svc:10000"));
///   StagedResource r = await client.UploadAsync(appDir, ["conf.json"], appId, ct);   // kiln submit
///   await client.DownloadAndExtractAsync(r.ResourceId, secret, "/opt/kiln/work", ct); // driver / executor pod
///   await client.DeleteAsync(r.ResourceId, r.ResourceSecret, ct);                     // when the application ends
/// </code>
/// Failures are <see cref="StagingException"/>s naming the server's URI and what to do (unreachable, 401, 404, 413).
/// Thread-safe; dispose to release its connections.
/// </summary>
public sealed class StagingClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly X509Certificate2Collection? _trusted;

    public StagingClient(Uri serverUri, StagingClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        options ??= new StagingClientOptions();
        if (serverUri.Scheme != Uri.UriSchemeHttp && serverUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new StagingException($"the staging server URI {serverUri} must start with http:// or https://");
        }

        ServerUri = serverUri;
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30) };
        if (options.CaCertificateFile is { } caFile)
        {
            _trusted = LoadTrusted(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = ValidateWithTrusted;
        }

        var basePath = serverUri.AbsoluteUri.EndsWith('/') ? serverUri.AbsoluteUri : serverUri.AbsoluteUri + "/";
        _http = new HttpClient(handler) { BaseAddress = new Uri(basePath), Timeout = options.Timeout };
    }

    /// <summary>The server this client talks to.</summary>
    public Uri ServerUri { get; }

    /// <summary>
    /// Bundles <paramref name="directory"/> (everything under it, may be null) and <paramref name="files"/> (at the
    /// bundle's top level by file name) into a gzip-compressed tar and uploads it. <paramref name="appId"/>, when
    /// given, is recorded with the bundle (letters, digits, '.', '_', '-').
    /// </summary>
    public async Task<StagedResource> UploadAsync(string? directory, IReadOnlyList<string> files, string? appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var bundle = TempBundle();
        await using (bundle.ConfigureAwait(false))
        {
            await BundleWriter.WriteAsync(bundle, directory, files, cancellationToken).ConfigureAwait(false);
            bundle.Position = 0;
            return await UploadBundleAsync(bundle, appId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Uploads <paramref name="bundle"/> (from its position to its end) as it is.</summary>
    public async Task<StagedResource> UploadBundleAsync(Stream bundle, string? appId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var path = appId is null ? "api/v1/resources" : $"api/v1/resources?appId={Uri.EscapeDataString(appId)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StreamContent(bundle) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (bundle.CanSeek)
        {
            request.Content.Headers.ContentLength = bundle.Length - bundle.Position;
        }

        // The server answers 413 before the body is sent when it is too large.
        request.Headers.ExpectContinue = true;
        using var response = await SendAsync(request, "upload a bundle to", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw Refused(response, null, bundle.CanSeek ? bundle.Length : null);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            UploadAnswer? answer;
            try
            {
                answer = await JsonSerializer.DeserializeAsync(body, StagingJson.Default.UploadAnswer, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new StagingException($"the staging server at {ServerUri} answered the upload with something that is not its JSON: {e.Message}", e);
            }

            return answer is { ResourceId: { } id, ResourceSecret: { } secret } && ResourceCredentials.IsPlainId(id)
                ? new StagedResource(ServerUri, id, secret)
                : throw new StagingException($"the staging server at {ServerUri} answered the upload without a resource id and secret");
        }
    }

    /// <summary>
    /// Downloads a bundle and extracts it into <paramref name="targetDir"/> (see <see cref="BundleExtractor"/>: entries
    /// escaping the target are refused; nothing appears there unless the whole bundle arrived). Returns the number of
    /// files extracted.
    /// </summary>
    public async Task<int> DownloadAndExtractAsync(string resourceId, string secret, string targetDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceId);
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(targetDir);
        var bundle = TempBundle();
        await using (bundle.ConfigureAwait(false))
        {
            await DownloadAsync(resourceId, secret, bundle, cancellationToken).ConfigureAwait(false);
            bundle.Position = 0;
            return await BundleExtractor.ExtractAsync(bundle, targetDir, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Downloads a bundle's bytes into <paramref name="destination"/>, checking that all of them arrived.</summary>
    public async Task DownloadAsync(string resourceId, string secret, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = Authorized(HttpMethod.Get, resourceId, secret);
        using var response = await SendAsync(request, "download a bundle from", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Refused(response, resourceId, null);
        }

        var expected = response.Content.Headers.ContentLength;
        var start = destination.CanSeek ? destination.Position : 0;
        try
        {
            await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new StagingException($"the download of resource {resourceId} from the staging server at {ServerUri} broke off: {e.Message}", e);
        }

        if (expected is { } length && destination.CanSeek && destination.Position - start != length)
        {
            throw new StagingException($"the download of resource {resourceId} from the staging server at {ServerUri} ended after {destination.Position - start} of {length} bytes");
        }
    }

    /// <summary>Deletes a bundle (when its application has ended). A bundle already gone is not an error.</summary>
    public async Task DeleteAsync(string resourceId, string secret, CancellationToken cancellationToken)
    {
        using var request = Authorized(HttpMethod.Delete, resourceId, secret);
        using var response = await SendAsync(request, "delete a bundle on", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
        {
            throw Refused(response, resourceId, null);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (_trusted is not null)
        {
            foreach (var certificate in _trusted)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>A temporary file for a bundle, deleted when closed.</summary>
    private static FileStream TempBundle() =>
        new(Path.Combine(Path.GetTempPath(), $"kiln-bundle-{Guid.NewGuid():N}.tar.gz"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private HttpRequestMessage Authorized(HttpMethod method, string resourceId, string secret)
    {
        ArgumentNullException.ThrowIfNull(resourceId);
        ArgumentNullException.ThrowIfNull(secret);
        var request = new HttpRequestMessage(method, $"api/v1/resources/{Uri.EscapeDataString(resourceId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new StagingException($"cannot {what} the staging server at {ServerUri}: {Reason(e)} (is kiln.kubernetes.stagingServer.uri right, and the server running and reachable from here?)", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StagingException($"the staging server at {ServerUri} did not answer within {_http.Timeout.TotalSeconds:0}s when asked to {what} it", e);
        }
    }

    private StagingException Refused(HttpResponseMessage response, string? resourceId, long? size) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized => new StagingException($"the staging server at {ServerUri} refused resource {resourceId} without a secret (401): the secret sent was empty; check the secret file"),
        HttpStatusCode.NotFound => new StagingException($"resource {resourceId} is not on the staging server at {ServerUri} (404): it expired or was deleted, the id is wrong, or the secret is not this resource's"),
        HttpStatusCode.RequestEntityTooLarge => new StagingException($"the bundle{(size is { } n ? $" ({n} bytes)" : string.Empty)} is larger than the staging server at {ServerUri} accepts (413): stage fewer files or raise the server's --max-upload-bytes"),
        _ => new StagingException($"the staging server at {ServerUri} answered {(int)response.StatusCode} {response.ReasonPhrase}"),
    };

    private static string Reason(HttpRequestException e) => Kiln.Common.Errors.ExceptionMessages.WithCauses(e);

    private static X509Certificate2Collection LoadTrusted(string caFile)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new StagingException($"cannot read the staging server's CA certificate file {caFile}: {e.Message}", e);
        }

        return certificates.Count > 0 ? certificates : throw new StagingException($"the staging server's CA certificate file {caFile} holds no PEM certificate");
    }

    private bool ValidateWithTrusted(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted!);
        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented);
    }
}
