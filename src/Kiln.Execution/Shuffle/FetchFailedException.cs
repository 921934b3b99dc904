using Kiln.Common.Errors;
using Kiln.Network;

namespace Kiln.Execution.Shuffle;

/// <summary>
/// A reduce task could not read a map output (missing, deleted, unreadable or corrupt). The scheduler reacts by
/// unregistering that output (or its whole location) and re-running the map stage, not by retrying the task.
/// </summary>
public sealed class FetchFailedException : KilnException
{
    public FetchFailedException(int shuffleId, int mapIndex, int reduceId, string? location, string message, Exception? inner = null)
        : base(message, inner)
    {
        ShuffleId = shuffleId;
        MapIndex = mapIndex;
        ReduceId = reduceId;
        Location = location;
    }

    public int ShuffleId { get; }

    public int MapIndex { get; }

    public int ReduceId { get; }

    /// <summary>The executor (id) that should have served the block; null when the map output was never registered.</summary>
    public string? Location { get; }

    /// <summary>That executor's block server, when the block was fetched over the network.</summary>
    public NetworkAddress? Address { get; init; }
}
