using System.Net;
using System.Net.Http.Headers;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes.Tests;

public sealed class RateLimitAndRetryTests
{
    [Fact]
    public void The_token_bucket_allows_the_burst_then_spaces_requests_at_qps()
    {
        var time = new ManualTimeProvider();
        var limiter = new TokenBucketRateLimiter(qps: 5, burst: 3, time);
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(400), limiter.Reserve());

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.FromMilliseconds(200), limiter.Reserve());
    }

    [Fact]
    public void A_returned_reservation_gives_its_token_back()
    {
        var limiter = new TokenBucketRateLimiter(qps: 1, burst: 1, new ManualTimeProvider());
        Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve());
        limiter.Return();
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.Reserve());
    }

    [Fact]
    public void A_non_positive_qps_means_no_limit()
    {
        var limiter = new TokenBucketRateLimiter(qps: 0, burst: 1, new ManualTimeProvider());
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.Reserve());
        }
    }

    [Theory]
    [InlineData(429, "POST", true)]
    [InlineData(503, "POST", true)]
    [InlineData(500, "POST", false)]
    [InlineData(500, "GET", true)]
    [InlineData(504, "PUT", true)]
    [InlineData(409, "PUT", false)]
    [InlineData(404, "GET", false)]
    public void Retries_429_and_5xx_but_not_possibly_applied_creates(int code, string method, bool expected) =>
        Assert.Equal(expected, RetryPolicy.IsRetryable((HttpStatusCode)code, new HttpMethod(method)));

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        var options = new KubernetesClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(1) };
        Assert.Equal(TimeSpan.FromMilliseconds(50), RetryPolicy.Delay(0, null, options, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), RetryPolicy.Delay(0, null, options, jitter: 1));
        Assert.Equal(TimeSpan.FromMilliseconds(400), RetryPolicy.Delay(2, null, options, jitter: 1));
        Assert.Equal(TimeSpan.FromMilliseconds(600), RetryPolicy.Delay(3, null, options, jitter: 0.5));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.Delay(10, null, options, jitter: 1));
        Assert.Equal(TimeSpan.FromSeconds(1), RetryPolicy.Delay(1000, null, options, jitter: 1));
    }

    [Fact]
    public void Retry_after_wins_over_backoff_but_is_capped()
    {
        var options = new KubernetesClientOptions { MaxRetryDelay = TimeSpan.FromSeconds(30) };
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.Delay(0, TimeSpan.FromSeconds(7), options, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.Delay(0, TimeSpan.FromMinutes(5), options, 0.5));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.Delay(0, TimeSpan.FromSeconds(-3), options, 0.5));
    }

    [Fact]
    public void Retry_after_is_read_as_seconds_or_as_a_date()
    {
        var now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)), now));
        Assert.Equal(TimeSpan.FromSeconds(10), RetryPolicy.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(10)), now));
        Assert.Null(RetryPolicy.RetryAfter(null, now));
    }
}
