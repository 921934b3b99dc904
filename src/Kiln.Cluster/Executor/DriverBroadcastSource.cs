using Kiln.Execution.UserCode;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Executor;

/// <summary>An executor's <see cref="IBroadcastSource"/>: asks the driver for a broadcast value's bytes (once per value; <see cref="BroadcastCache"/> keeps it).</summary>
/// <remarks>Thread-safe; called on task threads, which block while the driver answers.</remarks>
internal sealed class DriverBroadcastSource : IBroadcastSource
{
    private readonly RpcEndpointRef _driver;

    public DriverBroadcastSource(RpcEndpointRef driver) => _driver = driver;

    public byte[] Fetch(long broadcastId)
    {
        var answer = _driver.AskAsync<BroadcastValue>(new GetBroadcast { BroadcastId = broadcastId }).GetAwaiter().GetResult();
        return answer.Found ? answer.Value.ToByteArray() : throw new BroadcastNotFoundException(broadcastId);
    }
}
