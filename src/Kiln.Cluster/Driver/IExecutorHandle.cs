namespace Kiln.Cluster.Driver;

/// <summary>The driver's handle on one started executor: its exit, its recent output, and a way to kill it.</summary>
/// <remarks>Thread-safe. Disposing kills the executor if it still runs and removes what it left behind.</remarks>
public interface IExecutorHandle : IAsyncDisposable
{
    /// <summary>How to find the executor, such as "pid 4242" or "pod kiln-exec-3 on node-1"; used in messages.</summary>
    string Description { get; }

    /// <summary>Completes when the executor has ended, with how it ended.</summary>
    Task<ExecutorExit> Exited { get; }

    /// <summary>The last lines the executor wrote to its standard output and error, oldest first.</summary>
    IReadOnlyList<string> OutputTail();

    /// <summary>Kills the executor at once (SIGKILL, or a pod deletion); does nothing once it has ended.</summary>
    void Kill();
}
