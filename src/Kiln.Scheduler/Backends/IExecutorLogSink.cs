namespace Kiln.Scheduler.Backends;

/// <summary>
/// Where the output of an application's executors is kept, so it can be read after the executor is gone: the
/// local-cluster launcher feeds each process's standard output and error into it, and a pod launcher can feed pod
/// logs the same way. The driver keeps them beside the event log (see <c>Kiln.Status.ExecutorLogs</c>).
/// </summary>
/// <remarks>Thread-safe: executors start and write concurrently.</remarks>
public interface IExecutorLogSink
{
    /// <summary>Opens one output stream of one executor ("stdout" or "stderr"); appends when it was opened before.</summary>
    IExecutorLog Open(string executorId, string stream);
}

/// <summary>One executor output stream being kept: lines are written through at once, so the file is current while the executor runs.</summary>
/// <remarks>Thread-safe; appending after disposal does nothing (a late line of a process that was stopped).</remarks>
public interface IExecutorLog : IDisposable
{
    void Append(string line);
}
