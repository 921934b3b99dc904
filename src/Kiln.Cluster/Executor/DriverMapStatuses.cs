using Kiln.Execution.Shuffle;
using Kiln.Network.Protocol;
using Kiln.Network.Rpc;

namespace Kiln.Cluster.Executor;

/// <summary>
/// An executor's lookup of map outputs for its <see cref="Execution.Physical.ShuffleInput"/>: asks the driver where
/// the outputs of a shuffle are (<see cref="GetMapOutputStatuses"/>). An output the driver no longer knows (its
/// executor was lost) comes back as a missing slot, which the shuffle reader turns into a fetch failure.
/// </summary>
/// <remarks>Called on task threads, which block while the driver answers.</remarks>
internal static class DriverMapStatuses
{
    public static IReadOnlyList<MapStatus?> Ask(RpcEndpointRef driver, int shuffleId, CancellationToken cancellationToken)
    {
        var answer = driver.AskAsync<MapOutputStatuses>(new GetMapOutputStatuses { ShuffleId = shuffleId }, cancellationToken: cancellationToken)
            .GetAwaiter().GetResult();
        return answer.Slots.Select(s => s.Status is { } status ? MapStatusMessages.FromMessage(status) : null).ToArray();
    }
}
