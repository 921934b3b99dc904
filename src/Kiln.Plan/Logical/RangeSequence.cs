namespace Kiln.Plan.Logical;

/// <summary>
/// The arithmetic of <see cref="RangeRelation"/>: how many of the values start, start+step, ... come before end,
/// and which of them each partition produces. Of n values over p partitions, partition i gets the elements
/// [i·n/p, (i+1)·n/p), as in Spark, so slices differ in size by at most one. Counts and indices are Int128: the
/// range from long.MinValue to long.MaxValue holds 2^64 − 1 values, and i·n needs more than 64 bits.
/// </summary>
public readonly record struct RangeSequence
{
    public RangeSequence(long start, long end, long step)
    {
        if (step == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "the step of a range must not be 0");
        }

        Start = start;
        End = end;
        Step = step;
    }

    public long Start { get; }

    /// <summary>Exclusive: no value reaches it.</summary>
    public long End { get; }

    public long Step { get; }

    /// <summary>How many values the range holds; 0 when end is not beyond start in the step's direction.</summary>
    public Int128 Count
    {
        get
        {
            var span = (Int128)End - Start;
            Int128 step = Step;
            if (Step < 0)
            {
                span = -span;
                step = -step;
            }

            return span <= 0 ? 0 : (span + step - 1) / step;
        }
    }

    /// <summary>The first element index and the number of elements of partition <paramref name="partition"/> of <paramref name="partitions"/>.</summary>
    public (Int128 First, Int128 Count) Slice(int partition, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, partitions);
        var n = Count;
        var first = n * partition / partitions;
        var next = n * (partition + 1) / partitions;
        return (first, next - first);
    }

    /// <summary>The element at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public long ValueAt(Int128 index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return (long)(Start + (index * Step));
    }

    public override string ToString() => $"({Start}, {End}, step={Step})";
}
