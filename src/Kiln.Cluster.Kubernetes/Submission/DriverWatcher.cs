using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Watch;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// Watches a driver pod until it ends, as Spark's LoggingPodStatusWatcher: prints its status at every change and every
/// report interval, and at the end its result, its termination reason and the last lines of its log. Cancelling stops
/// the watching only; the application goes on.
/// </summary>
public sealed class DriverWatcher(IKubernetes api, string ns, string podName, TimeSpan reportInterval, TextWriter output, TimeProvider time)
{
    /// <summary>How many of the driver's last log lines are printed when it failed.</summary>
    public const int LogTailLines = 20;

    /// <returns>0 when the driver succeeded; its container's exit code (or 1) when it failed or its pod vanished; 130 when cancelled.</returns>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var e = KubernetesListWatch.PodsAsync(api, ns, new ListWatchOptions { FieldSelector = $"metadata.name={podName}" }, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool>? pending = null;
        try
        {
            string? last = null;
            var nextReport = time.GetUtcNow() + reportInterval;
            Task? report = null;
            while (true)
            {
                pending ??= e.MoveNextAsync().AsTask();
                report ??= Task.Delay(Max(nextReport - time.GetUtcNow(), TimeSpan.Zero), time, stop.Token);
                if (await Task.WhenAny(pending, report).ConfigureAwait(false) == report)
                {
                    await report.ConfigureAwait(false);
                    report = null;
                    nextReport = time.GetUtcNow() + reportInterval;
                    if (last is not null)
                    {
                        await output.WriteLineAsync($"kiln: {last}").ConfigureAwait(false);
                    }

                    continue;
                }

                var more = await pending.ConfigureAwait(false);
                pending = null;
                if (!more)
                {
                    return 1;
                }

                var pod = Current(e.Current);
                if (e.Current.Type == ListWatchEventType.Deleted || (e.Current.Type == ListWatchEventType.Relisted && pod is null))
                {
                    await output.WriteLineAsync($"kiln: the driver pod {ns}/{podName} was deleted before it ended; the application is gone").ConfigureAwait(false);
                    return 1;
                }

                if (pod is null)
                {
                    continue;
                }

                var status = DriverStatus.Of(pod);
                if (status.Line != last)
                {
                    last = status.Line;
                    await output.WriteLineAsync($"kiln: {last}").ConfigureAwait(false);
                }

                if (status.Ended)
                {
                    return await EndAsync(status, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync(
                $"kiln: stopped waiting; the application keeps running in pod {ns}/{podName} (see it with kiln status {ns}:{podName}, stop it with kiln kill {ns}:{podName})").ConfigureAwait(false);
            return 130;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (pending is not null)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            await e.DisposeAsync().ConfigureAwait(false);
        }
    }

    private V1Pod? Current(ListWatchEvent<V1Pod> change) => change.Type switch
    {
        ListWatchEventType.Relisted => change.Items?.FirstOrDefault(p => p.Metadata.Name == podName),
        ListWatchEventType.Added or ListWatchEventType.Modified => change.Object,
        _ => null,
    };

    private async Task<int> EndAsync(DriverStatus status, CancellationToken cancellationToken)
    {
        if (status.Succeeded)
        {
            await output.WriteLineAsync($"kiln: application {status.AppId} succeeded").ConfigureAwait(false);
            return 0;
        }

        var reason = status.Terminated is { } t ? $"{t.Reason ?? "no reason"}, exit code {t.ExitCode}{(string.IsNullOrWhiteSpace(t.Message) ? "" : $": {t.Message.Trim()}")}" : "no termination record";
        await output.WriteLineAsync($"kiln: application {status.AppId} failed: the driver ended with {reason}").ConfigureAwait(false);
        if (status.Terminated?.Reason == "OOMKilled")
        {
            await output.WriteLineAsync("kiln: the driver exceeded its pod's memory limit; raise kiln.driver.memory (spark.driver.memory) or kiln.driver.memoryOverhead").ConfigureAwait(false);
        }

        var tail = await LogTailAsync(cancellationToken).ConfigureAwait(false);
        if (tail.Length > 0)
        {
            await output.WriteLineAsync($"kiln: the driver's last log lines:").ConfigureAwait(false);
            foreach (var line in tail)
            {
                await output.WriteLineAsync($"  {line}").ConfigureAwait(false);
            }
        }

        return status.ExitCode;
    }

    private async Task<string[]> LogTailAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await api.CoreV1.ReadNamespacedPodLogAsync(podName, ns, tailLines: LogTailLines, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (KubernetesApiException)
        {
            return [];
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
