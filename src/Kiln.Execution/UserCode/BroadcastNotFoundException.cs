using Kiln.Common.Errors;

namespace Kiln.Execution.UserCode;

/// <summary>A lambda read a broadcast variable that was destroyed (or never registered with this application).</summary>
public sealed class BroadcastNotFoundException : KilnException
{
    public BroadcastNotFoundException(long broadcastId)
        : base($"broadcast {broadcastId} has been destroyed; a job that reads it must not run after Broadcast.Destroy()") => BroadcastId = broadcastId;

    public long BroadcastId { get; }
}
