using Kiln.Common.Config;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>How the allocator paces pod creation and when pods count as stuck or missing (<c>kiln.kubernetes.allocation.*</c>).</summary>
public sealed record AllocationSettings
{
    public int BatchSize { get; init; } = 10;

    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxPendingPods { get; init; } = int.MaxValue;

    /// <summary>How long requests arriving when a round is due wait for the rest of their burst (not configurable: a fixed, short coalescing window).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan FailFastTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MissingPodDetectDelta { get; init; } = TimeSpan.FromSeconds(30);

    public static AllocationSettings FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return new AllocationSettings
        {
            BatchSize = conf.Get(KubernetesConfigKeys.AllocationBatchSize),
            BatchDelay = conf.Get(KubernetesConfigKeys.AllocationBatchDelay),
            MaxPendingPods = conf.Get(KubernetesConfigKeys.AllocationMaxPendingPods),
            FailFastTimeout = conf.Get(KubernetesConfigKeys.AllocationFailFastTimeout),
            PollInterval = conf.Get(KubernetesConfigKeys.ApiPollingInterval),
            MissingPodDetectDelta = conf.Get(KubernetesConfigKeys.MissingPodDetectDelta),
        };
    }
}
