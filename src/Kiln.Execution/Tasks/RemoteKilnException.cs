using Kiln.Common.Errors;

namespace Kiln.Execution.Tasks;

/// <summary>
/// One of Kiln's own errors (bad input, bad configuration) raised by a task on an executor. Its message is the
/// remote message unchanged, as local mode would show it; like any <see cref="KilnException"/> it fails the job
/// at once instead of being retried.
/// </summary>
public sealed class RemoteKilnException : KilnException
{
    public RemoteKilnException(string remoteType, string message, string remoteStackTrace, string executorId, string host)
        : base(message)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
        ExecutorId = executorId;
        Host = host;
    }

    /// <summary>The full name of the exception's type in the executor, such as <c>Kiln.DataSources.Errors.MalformedRecordException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The exception as the executor printed it: type, message, stack trace and inner exceptions.</summary>
    public string RemoteStackTrace { get; }

    public string ExecutorId { get; }

    /// <summary>The executor's host.</summary>
    public string Host { get; }

    public override string ToString() => $"{RemoteType}: {Message} (on executor {ExecutorId}, host {Host}){Environment.NewLine}{RemoteStackTrace}";
}
