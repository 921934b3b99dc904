using System.Net;
using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Kiln.Scheduler.Backends;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>
/// Keeps each executor pod's log in the application's executor logs (beside the event log), so the UI and the
/// history server show it after the pod is gone, as the local-cluster launcher does with process output. One
/// follow request per pod, from the moment its container runs until it ends:
/// <code>
///   Follow(exec, pod) ──> GET pods/{pod}/log?follow=true ──lines──> IExecutorLog "stdout"
///        ▲                        │ stream ended
///        │ still running ─────────┤ (API server restart, cut connection): reconnect, skip the lines already kept
///        └────────────────────────┘ container ended, pod gone: done
/// </code>
/// Kubernetes keeps a container's stdout and stderr as one log, so both land in the executor's stdout.
/// The lifecycle manager drains a pod's follow before it deletes the pod, so the last lines are kept too.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class PodLogCollector : IAsyncDisposable
{
    private const int MaxReconnects = 10;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IKubernetes _api;
    private readonly string _namespace;
    private readonly IExecutorLogSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Task> _follows = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();

    public PodLogCollector(IKubernetes api, string ns, IExecutorLogSink sink, TimeProvider time, ILogger logger)
    {
        _api = api;
        _namespace = ns;
        _sink = sink;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts keeping the log of <paramref name="podName"/> (once per pod; later calls do nothing).</summary>
    public void Follow(string executorId, string podName)
    {
        lock (_gate)
        {
            if (!_stop.IsCancellationRequested && !_follows.ContainsKey(podName))
            {
                _follows[podName] = Task.Run(() => FollowAsync(executorId, podName, _stop.Token));
            }
        }
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, until the log of <paramref name="podName"/> has been read to its end.</summary>
    public async Task DrainAsync(string podName, TimeSpan timeout)
    {
        Task? follow;
        lock (_gate)
        {
            _follows.TryGetValue(podName, out follow);
        }

        if (follow is not null)
        {
            await Task.WhenAny(follow, Task.Delay(timeout, _time)).ConfigureAwait(false);
        }
    }

    /// <summary>Waits, at most <paramref name="timeout"/>, for every pod's log to be read to its end.</summary>
    public async Task DrainAllAsync(TimeSpan timeout) =>
        await Task.WhenAny(Task.WhenAll(All()), Task.Delay(timeout, _time)).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(All()).ConfigureAwait(false);
        _stop.Dispose();
    }

    private Task[] All()
    {
        lock (_gate)
        {
            return [.. _follows.Values];
        }
    }

    private async Task FollowAsync(string executorId, string podName, CancellationToken cancellationToken)
    {
        using var log = _sink.Open(executorId, "stdout");
        long kept = 0;
        for (var attempt = 0; attempt <= MaxReconnects && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                // The log starts over on every request; the lines kept before are skipped.
                using var stream = await _api.CoreV1.ReadNamespacedPodLogAsync(podName, _namespace, follow: true, cancellationToken: cancellationToken).ConfigureAwait(false);
                using var reader = new StreamReader(stream);
                long index = 0;
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    if (index++ >= kept)
                    {
                        log.Append(line);
                        kept++;
                    }
                }

                if (!await StillRunningAsync(podName, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesNotFoundException)
            {
                return;
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.BadRequest)
            {
                // "container ... is waiting to start": the follow began before the container did.
            }
            catch (Exception e) when (e is HttpRequestException or IOException or Kiln.Kubernetes.KubernetesException)
            {
                KubernetesLog.PodLogInterrupted(_logger, podName, e.Message);
            }

            try
            {
                await Task.Delay(RetryDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> StillRunningAsync(string podName, CancellationToken cancellationToken)
    {
        try
        {
            V1Pod pod = await _api.CoreV1.ReadNamespacedPodAsync(podName, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Running is not null;
        }
        catch (KubernetesNotFoundException)
        {
            return false;
        }
    }
}
