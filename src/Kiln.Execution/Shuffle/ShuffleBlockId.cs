namespace Kiln.Execution.Shuffle;

/// <summary>One block of shuffle data: the rows map task <see cref="MapIndex"/> produced for reduce partition <see cref="ReduceId"/>.</summary>
public readonly record struct ShuffleBlockId(int ShuffleId, int MapIndex, int ReduceId)
{
    /// <summary>The block's name as used in logs and on the wire: <c>shuffle_S_M_R</c>.</summary>
    public string Name => $"shuffle_{ShuffleId}_{MapIndex}_{ReduceId}";

    public override string ToString() => Name;
}
