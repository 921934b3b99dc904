namespace Kiln.Execution.Tasks;

/// <summary>
/// A task failed in another process (an executor) with an exception that may not happen again elsewhere: the
/// driver's copy of it, with the remote exception's type, message and stack trace and where the task ran. The
/// scheduler retries such tasks; see <see cref="RemoteKilnException"/> for Kiln's own errors, which it does not.
/// </summary>
public sealed class RemoteTaskException : Exception
{
    public RemoteTaskException(string remoteType, string message, string remoteStackTrace, string executorId, string host)
        : base(message)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
        ExecutorId = executorId;
        Host = host;
    }

    /// <summary>The full name of the exception's type in the executor, such as <c>System.IO.IOException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The exception as the executor printed it: type, message, stack trace and inner exceptions.</summary>
    public string RemoteStackTrace { get; }

    public string ExecutorId { get; }

    /// <summary>The executor's host.</summary>
    public string Host { get; }

    public override string ToString() => $"{RemoteType}: {Message} (on executor {ExecutorId}, host {Host}){Environment.NewLine}{RemoteStackTrace}";
}
