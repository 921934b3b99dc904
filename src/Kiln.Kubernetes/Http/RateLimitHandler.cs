namespace Kiln.Kubernetes.Http;

/// <summary>Client-side QPS/burst: every attempt (retries included) takes a token of the client's bucket before it is sent.</summary>
/// <remarks>Thread-safe; the bucket is shared by all requests of one client.</remarks>
internal sealed class RateLimitHandler(TokenBucketRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
