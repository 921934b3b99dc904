using System.Globalization;

namespace Kiln.Execution.Shuffle;

/// <summary>One block of shuffle data: the rows map task <see cref="MapIndex"/> produced for reduce partition <see cref="ReduceId"/>.</summary>
public readonly record struct ShuffleBlockId(int ShuffleId, int MapIndex, int ReduceId)
{
    /// <summary>The block's name as used in logs and on the wire: <c>shuffle_S_M_R</c>.</summary>
    public string Name => $"shuffle_{ShuffleId}_{MapIndex}_{ReduceId}";

    /// <summary>Parses a <see cref="Name"/>; false for anything else (including negative numbers).</summary>
    public static bool TryParse(string? name, out ShuffleBlockId id)
    {
        id = default;
        var parts = name?.Split('_');
        if (parts is not ["shuffle", var s, var m, var r]
            || !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var shuffleId)
            || !int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var mapIndex)
            || !int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var reduceId))
        {
            return false;
        }

        id = new ShuffleBlockId(shuffleId, mapIndex, reduceId);
        return true;
    }

    public override string ToString() => Name;
}
