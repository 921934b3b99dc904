namespace Kiln.Kubernetes;

/// <summary>How politely the client talks to the API server: rate limit, retries and timeouts.</summary>
public sealed record KubernetesClientOptions
{
    /// <summary>Sustained requests per second (client-side token bucket). Zero or less disables the limit.</summary>
    public double Qps { get; init; } = 20;

    /// <summary>Requests that may be sent at once before <see cref="Qps"/> applies.</summary>
    public int Burst { get; init; } = 40;

    /// <summary>Timeout of one attempt of a non-streaming request (watches and followed logs are not limited).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay; doubled for each further attempt (with jitter), unless the server sent Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of any retry delay, including one the server asked for with Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public string UserAgent { get; init; } = "kiln-kubernetes/0.1";

    /// <summary>Called before each retry (on the request's thread; keep it cheap and non-throwing).</summary>
    public Action<KubernetesRetryInfo>? RetryObserver { get; init; }
}
