namespace Kiln.Execution.UserCode;

/// <summary>
/// Where an executor gets a broadcast value's bytes: the driver's registry itself in local mode, a fetch from the
/// driver (or from peers) on a cluster. Called at most once per broadcast per executor (see <see cref="BroadcastCache"/>).
/// </summary>
public interface IBroadcastSource
{
    /// <summary>The serialized value; throws <see cref="BroadcastNotFoundException"/> when it was destroyed.</summary>
    byte[] Fetch(long broadcastId);
}
