using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>
/// Follows a cluster backend's executors through <see cref="ClusterBackend.ExecutorsChanged"/>: the most live ones
/// (starting or active) seen at once, the fewest after the first job began, and waits for a condition on them
/// (woken by the changes, never by polling).
/// </summary>
public sealed class ExecutorWatch : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly ClusterBackend _backend;
    private readonly Lock _gate = new();
    private readonly List<(Func<IReadOnlyList<ExecutorInfo>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private IReadOnlyList<ExecutorInfo> _latest;

    public ExecutorWatch(ClusterBackend backend)
    {
        _backend = backend;
        lock (_gate)
        {
            backend.ExecutorsChanged += OnChanged;
            _latest = backend.Executors;
            PeakLive = Live(_latest);
        }
    }

    /// <summary>The most executors starting or active at once.</summary>
    public int PeakLive { get; private set; }

    public static int Live(IReadOnlyList<ExecutorInfo> executors) => executors.Count(e => e.State is ExecutorState.Starting or ExecutorState.Active);

    /// <summary>Completes once <paramref name="condition"/> holds for the executors; fails after a generous guard against hangs, listing them.</summary>
    public async Task UntilAsync(Func<IReadOnlyList<ExecutorInfo>, bool> condition, string what)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(_latest))
            {
                return;
            }

            _waiters.Add((condition, done));
        }

        try
        {
            await done.Task.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            var executors = string.Join("; ", _backend.Executors.Select(e => $"{e.Id} {e.State} {e.LossReason}"));
            throw new TimeoutException($"still waiting for {what}; executors: {executors}");
        }
    }

    public void Dispose() => _backend.ExecutorsChanged -= OnChanged;

    private void OnChanged(IReadOnlyList<ExecutorInfo> executors)
    {
        lock (_gate)
        {
            _latest = executors;
            PeakLive = Math.Max(PeakLive, Live(executors));
            foreach (var waiter in _waiters.ToArray())
            {
                if (waiter.Condition(executors))
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }
    }
}
