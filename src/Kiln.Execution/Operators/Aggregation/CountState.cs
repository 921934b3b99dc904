using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>count(*) (no input vector) and count(x) (non-NULL values).</summary>
public sealed class CountState : AggState
{
    private long[] _counts = new long[16];

    public override IReadOnlyList<DataType> StateTypes { get; } = [DataType.Int64];

    public override long BytesPerGroup => 8;

    public override void EnsureCapacity(int groups)
    {
        if (groups > _counts.Length)
        {
            Array.Resize(ref _counts, Grow(_counts.Length, groups));
        }
    }

    public override void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows)
    {
        var counts = _counts;
        if (input?.Validity is { } validity)
        {
            for (var r = 0; r < rows; r++)
            {
                if (validity.IsValid(r))
                {
                    counts[groupIds[r]]++;
                }
            }
        }
        else
        {
            for (var r = 0; r < rows; r++)
            {
                counts[groupIds[r]]++;
            }
        }
    }

    public override void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows)
    {
        var values = ((PrimitiveVector<long>)states[0]).Values;
        for (var r = 0; r < rows; r++)
        {
            _counts[groupIds[r]] += values[r];
        }
    }

    public override void WriteStates(int start, int count, List<ColumnVector> output) => output.Add(Result(start, count));

    public override ColumnVector Result(int start, int count) => new PrimitiveVector<long>(DataType.Int64, _counts.AsSpan(start, count).ToArray());

    public override void Clear() => _counts = new long[16];
}
