using System.Net;

namespace Kiln.Kubernetes;

/// <summary>One retry the client is about to make, for metrics and logs (<see cref="KubernetesClientOptions.RetryObserver"/>).</summary>
/// <param name="Request">The request being retried.</param>
/// <param name="Attempt">1 for the first retry.</param>
/// <param name="Delay">How long the client waits first (Retry-After or backoff).</param>
/// <param name="StatusCode">The status that caused the retry; null for timeouts and connection failures.</param>
public sealed record KubernetesRetryInfo(KubernetesRequestInfo Request, int Attempt, TimeSpan Delay, HttpStatusCode? StatusCode);
