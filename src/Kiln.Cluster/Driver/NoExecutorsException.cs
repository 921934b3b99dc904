using Kiln.Common.Errors;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Every executor of the application was lost and no more are started: more than <c>kiln.executor.maxFailures</c>
/// were lost (or the application is stopping). Tasks waiting for a slot fail with this error.
/// </summary>
public sealed class NoExecutorsException : KilnException
{
    public NoExecutorsException(int lostExecutors, string message)
        : base(message)
    {
        LostExecutors = lostExecutors;
    }

    public int LostExecutors { get; }
}
