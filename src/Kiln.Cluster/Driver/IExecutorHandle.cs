namespace Kiln.Cluster.Driver;

/// <summary>The driver's handle on one started executor process: its exit, its recent output, and a way to kill it.</summary>
/// <remarks>Thread-safe. Disposing kills the process if it still runs and removes what it left on this machine.</remarks>
public interface IExecutorHandle : IAsyncDisposable
{
    /// <summary>How to find the process, such as "pid 4242"; used in messages.</summary>
    string Description { get; }

    /// <summary>Completes with the exit code when the process has exited (128 + N when killed by signal N).</summary>
    Task<int> Exited { get; }

    /// <summary>The last lines the process wrote to its standard output and error, oldest first.</summary>
    IReadOnlyList<string> OutputTail();

    /// <summary>Kills the process at once (SIGKILL); does nothing once it has exited.</summary>
    void Kill();
}
