using k8s;
using k8s.Models;
using Kiln.Kubernetes;
using Kiln.Kubernetes.Watch;
using Microsoft.Extensions.Logging;

namespace Kiln.TestCluster;

/// <summary>
/// Watches the pods bound to one node (field selector spec.nodeName) and keeps one <see cref="PodRunner"/>
/// per pod: starts runners for new pods, forwards updates (deletion), and drops runners of pods that vanished.
/// </summary>
internal sealed class PodWorker(
    string nodeName, string hostIP, IKubernetes client, AgentOptions options, PodIpAllocator ips, PodRegistry registry, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var watch = new ListWatchOptions { FieldSelector = $"spec.nodeName={nodeName}", ServerTimeout = TimeSpan.FromMinutes(5) };
                await foreach (var ev in KubernetesListWatch.PodsAsync(client, null, watch, cancellationToken).ConfigureAwait(false))
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

    private async Task HandleAsync(ListWatchEvent<V1Pod> ev)
    {
        switch (ev.Type)
        {
            case ListWatchEventType.Relisted:
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
            case ListWatchEventType.Added or ListWatchEventType.Modified:
                await ObserveAsync(ev.Object!).ConfigureAwait(false);
                break;
            case ListWatchEventType.Deleted:
                var k = PodRegistry.Key(ev.Object!.Metadata.NamespaceProperty, ev.Object.Metadata.Name);
                if (registry.Find(ev.Object.Metadata.NamespaceProperty ?? "", ev.Object.Metadata.Name ?? "") is { } r && r.Uid == ev.Object.Metadata.Uid)
                {
                    await DropAsync(k, r).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task ObserveAsync(V1Pod pod)
    {
        var key = PodRegistry.Key(pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        var existing = registry.Find(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name ?? "");
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

    private async Task FinalDeleteAsync(V1Pod pod)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(
                pod.Metadata.Name ?? "",
                pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } },
                cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesNotFoundException or KubernetesConflictException)
        {
        }
    }
}
