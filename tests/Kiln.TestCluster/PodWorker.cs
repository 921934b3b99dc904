using Kiln.Kubernetes;
using Kiln.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// Watches the pods bound to one node (field selector spec.nodeName) and keeps one <see cref="PodRunner"/>
/// per pod: starts runners for new pods, forwards updates (deletion), and drops runners of pods that vanished.
/// </summary>
internal sealed class PodWorker(
    string nodeName, string hostIP, KubernetesClient client, AgentOptions options, PodIpAllocator ips, PodRegistry registry, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var watch = new WatchOptions { FieldSelector = $"spec.nodeName={nodeName}", ServerTimeout = TimeSpan.FromMinutes(5) };
                await foreach (var ev in client.Pods.ListAndWatchAsync(null, watch, cancellationToken).ConfigureAwait(false))
                {
                    await HandleAsync(ev).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Log.LoopFailed(logger, $"pods of {nodeName}", e);
                await Task.Delay(1000, CancellationToken.None).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(Mine().Select(r => r.Value.AbandonAsync())).ConfigureAwait(false);
    }

    private IEnumerable<KeyValuePair<string, PodRunner>> Mine() =>
        registry.Snapshot().Where(r => r.Value.Pod.Spec?.NodeName == nodeName);

    private async Task HandleAsync(WatchEvent<Pod> ev)
    {
        switch (ev.Type)
        {
            case WatchEventType.Relisted:
                var present = ev.Items!.Select(p => p.Metadata.Uid).ToHashSet();
                foreach (var (key, runner) in Mine().Where(r => !present.Contains(r.Value.Uid)).ToList())
                {
                    await DropAsync(key, runner).ConfigureAwait(false);
                }

                foreach (var pod in ev.Items!)
                {
                    await ObserveAsync(pod).ConfigureAwait(false);
                }

                break;
            case WatchEventType.Added or WatchEventType.Modified:
                await ObserveAsync(ev.Object!).ConfigureAwait(false);
                break;
            case WatchEventType.Deleted:
                var k = PodRegistry.Key(ev.Object!.Metadata.Namespace, ev.Object.Metadata.Name);
                if (registry.Find(ev.Object.Metadata.Namespace ?? "", ev.Object.Metadata.Name ?? "") is { } r && r.Uid == ev.Object.Metadata.Uid)
                {
                    await DropAsync(k, r).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task ObserveAsync(Pod pod)
    {
        var key = PodRegistry.Key(pod.Metadata.Namespace, pod.Metadata.Name);
        var existing = registry.Find(pod.Metadata.Namespace ?? "", pod.Metadata.Name ?? "");
        if (existing is not null && existing.Uid == pod.Metadata.Uid)
        {
            existing.Update(pod);
            return;
        }

        if (existing is not null)
        {
            await DropAsync(key, existing).ConfigureAwait(false);
        }

        var phase = pod.Status?.Phase;
        if (phase is "Succeeded" or "Failed" || pod.Metadata.DeletionTimestamp is not null)
        {
            // Finished before this agent saw it (or the agent restarted): nothing to run; finish deletion.
            if (pod.Metadata.DeletionTimestamp is not null)
            {
                await FinalDeleteAsync(pod).ConfigureAwait(false);
            }

            return;
        }

        var runner = new PodRunner(pod, client, options, ips, hostIP, logger);
        registry.Set(key, runner);
        runner.Start();
    }

    private async Task DropAsync(string key, PodRunner runner)
    {
        registry.Remove(key, out _);
        await runner.AbandonAsync().ConfigureAwait(false);
        runner.Dispose();
    }

    private async Task FinalDeleteAsync(Pod pod)
    {
        try
        {
            await client.Pods.DeleteAsync(
                pod.Metadata.Namespace, pod.Metadata.Name ?? "", new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = pod.Metadata.Uid }, CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesNotFoundException or KubernetesConflictException)
        {
        }
    }
}
