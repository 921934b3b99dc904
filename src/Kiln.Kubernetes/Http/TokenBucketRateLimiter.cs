namespace Kiln.Kubernetes.Http;

/// <summary>
/// Client-side rate limit: a token bucket of <c>burst</c> tokens refilled at <c>qps</c> per second. A caller
/// reserves a token (the balance may go negative) and waits until the reservation matures, so callers are
/// served in arrival order and the long-run rate never exceeds qps.
/// </summary>
/// <remarks>Thread-safe. Time comes from the injected <see cref="TimeProvider"/>.</remarks>
internal sealed class TokenBucketRateLimiter
{
    private readonly double _qps;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    public TokenBucketRateLimiter(double qps, int burst, TimeProvider time)
    {
        _qps = qps;
        _burst = Math.Max(1, burst);
        _time = time;
        _tokens = _burst;
        _last = time.GetTimestamp();
    }

    /// <summary>Reserves one token and returns how long the caller must wait before using it.</summary>
    public TimeSpan Reserve()
    {
        if (_qps <= 0)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _qps));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _qps);
        }
    }

    /// <summary>Gives back a reservation that was not used (the caller was cancelled while waiting).</summary>
    public void Return()
    {
        lock (_gate)
        {
            _tokens = Math.Min(_burst, _tokens + 1);
        }
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Return();
            throw;
        }
    }
}
