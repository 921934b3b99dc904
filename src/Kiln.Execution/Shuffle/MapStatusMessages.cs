using Kiln.Network;
using Kiln.Network.Protocol;

namespace Kiln.Execution.Shuffle;

/// <summary>Converts <see cref="MapStatus"/> to and from its wire form (<see cref="MapStatusInfo"/> in cluster.proto).</summary>
public static class MapStatusMessages
{
    public static MapStatusInfo ToMessage(MapStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var location = new BlockLocationInfo { ExecutorId = status.Location };
        if (status.BlockServer is { } server)
        {
            location.Host = server.Host;
            location.Port = server.Port;
        }

        var message = new MapStatusInfo { ShuffleId = status.ShuffleId, MapIndex = status.MapIndex, Location = location };
        message.PartitionSizes.Add(status.PartitionSizes);
        return message;
    }

    /// <exception cref="InvalidDataException">The message has no location.</exception>
    public static MapStatus FromMessage(MapStatusInfo message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var location = message.Location ?? throw new InvalidDataException($"map status {message.ShuffleId}/{message.MapIndex} has no location");
        return new MapStatus(message.ShuffleId, message.MapIndex, location.ExecutorId, [.. message.PartitionSizes])
        {
            BlockServer = location.Port > 0 ? new NetworkAddress(location.Host, location.Port) : null,
        };
    }
}
