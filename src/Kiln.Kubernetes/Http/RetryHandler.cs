using System.Net;

namespace Kiln.Kubernetes.Http;

/// <summary>
/// Retries what the server did not (or may safely again) process, and bounds each attempt:
/// <code>
///   attempt ──> 2xx/4xx ──────────────────────────────> return
///      │ 429 / 503 (any verb), other 5xx (not POST),
///      │ per-attempt timeout (not POST), connection failure
///      v
///   wait Retry-After (capped) or backoff with jitter ──> attempt again, up to MaxRetries
/// </code>
/// A non-streaming answer is read completely within the attempt's timeout; watches and followed logs are not
/// cut (they live as long as the server keeps them open).
/// </summary>
/// <remarks>Thread-safe; one instance serves all requests of one client.</remarks>
internal sealed class RetryHandler(KubernetesClientOptions options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.ParseAdd(options.UserAgent);
        }

        var streaming = RequestInfoParser.IsStreaming(request.RequestUri);
        var attempt = 0;
        while (true)
        {
            HttpResponseMessage? response = null;
            var limited = !streaming && options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan;
            using var timeout = limited ? new CancellationTokenSource(options.RequestTimeout, time) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
                if (!streaming)
                {
                    await response.Content.LoadIntoBufferAsync(linked.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                response?.Dispose();
                if (request.Method != HttpMethod.Post && attempt < options.MaxRetries)
                {
                    await BackoffAsync(request, attempt++, null, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new KubernetesTimeoutException(
                    $"{RequestInfoParser.Parse(request.Method, request.RequestUri)} timed out after {options.RequestTimeout.TotalSeconds}s " +
                    $"({attempt + 1} attempt(s)); raise KubernetesClientOptions.RequestTimeout or check that the API server is reachable.",
                    e);
            }
            catch (HttpRequestException e) when (attempt < options.MaxRetries && IsConnectFailure(e, request.Method))
            {
                response?.Dispose();
                await BackoffAsync(request, attempt++, null, null, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (RetryPolicy.IsRetryable(response.StatusCode, request.Method) && attempt < options.MaxRetries)
            {
                var retryAfter = RetryPolicy.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow());
                var status = response.StatusCode;
                response.Dispose();
                await BackoffAsync(request, attempt++, retryAfter, status, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    /// <summary>
    /// Failures before the request reached the server, safe to retry for any method: no connection, no name, or a
    /// TLS handshake cut short (an overloaded API server drops handshakes). A handshake that failed on the server's
    /// certificate is not retried: it fails the same way every time.
    /// </summary>
    private static bool IsConnectFailure(HttpRequestException e, HttpMethod method) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || (e.HttpRequestError is HttpRequestError.SecureConnectionError && e.InnerException is not System.Security.Authentication.AuthenticationException)
        || (method != HttpMethod.Post && e.HttpRequestError is HttpRequestError.ResponseEnded);

    private Task BackoffAsync(HttpRequestMessage request, int attempt, TimeSpan? retryAfter, HttpStatusCode? status, CancellationToken cancellationToken)
    {
        var delay = RetryPolicy.Delay(attempt, retryAfter, options, Random.Shared.NextDouble());
        options.RetryObserver?.Invoke(new KubernetesRetryInfo(RequestInfoParser.Parse(request.Method, request.RequestUri), attempt + 1, delay, status));
        return Task.Delay(delay, time, cancellationToken);
    }
}
