using System.Collections.Concurrent;

namespace Kiln.Cluster.Kubernetes.Pods;

/// <summary>The handles of an application's executor pods by executor id, shared by the allocator (adds) and the lifecycle manager (completes).</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class PodHandles(Func<PodHandle, Task> delete)
{
    private readonly ConcurrentDictionary<string, PodHandle> _byExecutor = new(StringComparer.Ordinal);

    public PodHandle Add(string executorId, string podName, DateTimeOffset createdAt)
    {
        var handle = new PodHandle(executorId, podName, createdAt, delete);
        _byExecutor[executorId] = handle;
        return handle;
    }

    public PodHandle? Find(string executorId) => _byExecutor.GetValueOrDefault(executorId);

    /// <summary>Handles whose executor has not ended.</summary>
    public IEnumerable<PodHandle> Live() => _byExecutor.Values.Where(h => !h.Exited.IsCompleted);

    public IEnumerable<PodHandle> All() => _byExecutor.Values;
}
