using System.Net;
using System.Net.Http.Headers;

namespace Kiln.Kubernetes.Http;

/// <summary>Which failures are retried and how long to wait: Retry-After when the server sent it, else exponential backoff with jitter.</summary>
internal static class RetryPolicy
{
    public static bool IsRetryable(HttpStatusCode code, HttpMethod method)
    {
        var c = (int)code;
        if (c == 429 || c == 503)
        {
            return true; // the server did not process the request
        }

        // Any other 5xx may have been applied; only retry requests that are safe to repeat.
        return c >= 500 && method != HttpMethod.Post;
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 = first retry); <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, KubernetesClientOptions options, double jitter)
    {
        if (retryAfter is { } ra)
        {
            return ra < TimeSpan.Zero ? TimeSpan.Zero : ra > options.MaxRetryDelay ? options.MaxRetryDelay : ra;
        }

        var exp = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exp, options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (jitter / 2)));
    }

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - now : null;
    }
}
