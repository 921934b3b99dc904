using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Kiln.Kubernetes.Http;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// Kiln's Kubernetes API client: one HTTP connection pool to one API server as one identity. Every request
/// goes through the same pipeline:
/// <code>
///   rate limit (token bucket) -> auth header -> send (per-attempt timeout)
///        ^                                          |
///        |  429 / 5xx / timeout / connection error  |  401 once: refresh token
///        '----- wait Retry-After or backoff <-------'--> other error: typed KubernetesApiException
/// </code>
/// Typed verbs live on <see cref="ResourceClient{T}"/>, obtained from <see cref="Resource{T}"/> or the shortcuts.
/// </summary>
/// <remarks>Thread-safe; create one per configuration and share it. Dispose it to close its connections.</remarks>
public sealed partial class KubernetesClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly TimeProvider _time;

    public KubernetesClient(KubernetesClientConfiguration configuration, KubernetesClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Configuration = configuration;
        Options = options ?? new KubernetesClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        _limiter = new TokenBucketRateLimiter(Options.Qps, Options.Burst, _time);
#pragma warning disable CA2000 // the HttpClient owns and disposes the handler
        _http = new HttpClient(CreateHandler(configuration), disposeHandler: true)
        {
            BaseAddress = configuration.Server,
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(Options.UserAgent);
    }

    public KubernetesClientConfiguration Configuration { get; }

    public KubernetesClientOptions Options { get; }

    /// <summary>The clock used for rate limiting, timeouts and backoff.</summary>
    internal TimeProvider Time => _time;

    /// <summary>The namespace of the configuration's context (or of the pod, in cluster).</summary>
    public string DefaultNamespace => Configuration.Namespace;

    public ResourceClient<Pod> Pods => Resource(KubernetesResources.Pods);

    public ResourceClient<Service> Services => Resource(KubernetesResources.Services);

    public ResourceClient<ConfigMap> ConfigMaps => Resource(KubernetesResources.ConfigMaps);

    public ResourceClient<Secret> Secrets => Resource(KubernetesResources.Secrets);

    public ResourceClient<ServiceAccount> ServiceAccounts => Resource(KubernetesResources.ServiceAccounts);

    public ResourceClient<PersistentVolumeClaim> PersistentVolumeClaims => Resource(KubernetesResources.PersistentVolumeClaims);

    public ResourceClient<PersistentVolume> PersistentVolumes => Resource(KubernetesResources.PersistentVolumes);

    public ResourceClient<Event> Events => Resource(KubernetesResources.Events);

    public ResourceClient<Node> Nodes => Resource(KubernetesResources.Nodes);

    public ResourceClient<Namespace> Namespaces => Resource(KubernetesResources.Namespaces);

    public ResourceClient<Lease> Leases => Resource(KubernetesResources.Leases);

    public ResourceClient<CustomResourceDefinition> CustomResourceDefinitions => Resource(KubernetesResources.CustomResourceDefinitions);

    /// <summary>Typed verbs for any resource type.</summary>
    public ResourceClient<T> Resource<T>(ResourceType<T> type)
        where T : KubernetesObject => new(this, type);

    public void Dispose() => _http.Dispose();

    /// <summary>Sends a request through the pipeline and returns a successful response; the caller disposes it.</summary>
    internal async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        KubernetesRequestInfo info,
        string? body,
        string? contentType,
        bool streaming,
        CancellationToken cancellationToken)
    {
        var attempt = 0;
        var tokenRefreshed = false;
        while (true)
        {
            await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, pathAndQuery);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            await AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(Options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    response = await _http.SendAsync(
                        request,
                        streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                        linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (method != HttpMethod.Post && attempt < Options.MaxRetries)
                    {
                        await BackoffAsync(info, attempt++, null, null, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new KubernetesTimeoutException($"{info} timed out after {Options.RequestTimeout.TotalSeconds}s.", e);
                }
                catch (HttpRequestException e) when (attempt < Options.MaxRetries && IsConnectFailure(e, method))
                {
                    await BackoffAsync(info, attempt++, null, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && Configuration.TokenSource is not null && !tokenRefreshed)
                {
                    tokenRefreshed = true;
                    await Configuration.TokenSource.GetTokenAsync(forceRefresh: true, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (RetryPolicy.IsRetryable(response.StatusCode, method) && attempt < Options.MaxRetries)
                {
                    var retryAfter = RetryPolicy.RetryAfter(response.Headers.RetryAfter, _time.GetUtcNow());
                    await BackoffAsync(info, attempt++, retryAfter, response.StatusCode, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw await ErrorAsync(response, info, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal async Task<TResult> SendJsonAsync<TResult>(
        HttpMethod method, string pathAndQuery, KubernetesRequestInfo info, string? body, string? contentType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, info, body, contentType, streaming: false, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<TResult>(stream, KubernetesJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new KubernetesException($"{info}: the server returned an empty body.");
        }
    }

    private static bool IsConnectFailure(HttpRequestException e, HttpMethod method) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || (method != HttpMethod.Post && e.HttpRequestError is HttpRequestError.ResponseEnded);

    private Task BackoffAsync(KubernetesRequestInfo info, int attempt, TimeSpan? retryAfter, HttpStatusCode? status, CancellationToken cancellationToken)
    {
        var delay = RetryPolicy.Delay(attempt, retryAfter, Options, Random.Shared.NextDouble());
        Options.RetryObserver?.Invoke(new KubernetesRetryInfo(info, attempt + 1, delay, status));
        return Task.Delay(delay, _time, cancellationToken);
    }

    private async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Configuration.TokenSource is { } source)
        {
            var token = await source.GetTokenAsync(forceRefresh: false, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (Configuration.Username is not null)
        {
            var raw = Encoding.UTF8.GetBytes($"{Configuration.Username}:{Configuration.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    private static async Task<KubernetesApiException> ErrorAsync(HttpResponseMessage response, KubernetesRequestInfo info, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return KubernetesApiException.Create(response.StatusCode, TryParseStatus(text), text, info);
    }

    internal static Status? TryParseStatus(string text)
    {
        try
        {
            var status = JsonSerializer.Deserialize<Status>(text, KubernetesJson.Options);
            return status?.Kind == "Status" ? status : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SocketsHttpHandler CreateHandler(KubernetesClientConfiguration configuration)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            EnableMultipleHttp2Connections = true,
        };
        if (configuration.ClientCertificate is { } cert)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { cert };
        }

        if (configuration.SkipTlsVerify)
        {
#pragma warning disable CA5359 // insecure-skip-tls-verify is the user's explicit choice in the kubeconfig
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (configuration.CertificateAuthorities is { } cas)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                ValidateAgainst(cas, certificate, errors);
        }

        return handler;
    }

    private static bool ValidateAgainst(X509Certificate2Collection cas, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(cas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
