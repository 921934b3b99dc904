using Kiln.Execution.Tasks;

namespace Kiln.Cluster.Driver;

/// <summary>A task attempt submitted to the cluster backend: queued until a slot is free, then running on one executor.</summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop, except <see cref="Done"/>.</remarks>
internal sealed class PendingTask
{
    public PendingTask(TaskDescription task) => Task = task;

    public TaskDescription Task { get; }

    /// <summary>When the task was queued; it waits for its preferred executors until kiln.locality.wait after this.</summary>
    public DateTimeOffset QueuedAt { get; set; }

    public TaskCompletionSource<TaskResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>Where it runs; null while queued.</summary>
    public string? ExecutorId { get; set; }

    /// <summary>The map-output epoch it was launched with: a decommission waits for older tasks before its executor exits.</summary>
    public long LaunchEpoch { get; set; }

    public void Complete(TaskResult result)
    {
        Cancellation.Unregister();
        Done.TrySetResult(result);
    }

    public void Cancel()
    {
        Cancellation.Unregister();
        Done.TrySetCanceled();
    }
}
