using System.Numerics;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>sum over bigint (from int or bigint input), double, or decimal (unscaled Int128 at the input scale).</summary>
public sealed class SumState<T> : AggState
    where T : unmanaged, INumber<T>
{
    private readonly DataType _type;
    private T[] _sums = new T[16];
    private bool[] _has = new bool[16];

    public SumState(DataType type)
    {
        _type = type;
        StateTypes = [type];
    }

    public override IReadOnlyList<DataType> StateTypes { get; }

    public override long BytesPerGroup => System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 1;

    public override void EnsureCapacity(int groups)
    {
        if (groups > _sums.Length)
        {
            var size = Grow(_sums.Length, groups);
            Array.Resize(ref _sums, size);
            Array.Resize(ref _has, size);
        }
    }

    public override void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows)
    {
        if (typeof(T) == typeof(long) && input is PrimitiveVector<int> ints)
        {
            var values = ints.Values;
            var sums = (long[])(object)_sums;
            for (var r = 0; r < rows; r++)
            {
                if (!ints.IsNull(r))
                {
                    sums[groupIds[r]] += values[r];
                    _has[groupIds[r]] = true;
                }
            }

            return;
        }

        Add(groupIds, (PrimitiveVector<T>)input!, rows);
    }

    public override void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows) =>
        Add(groupIds, (PrimitiveVector<T>)states[0], rows);

    private void Add(ReadOnlySpan<int> groupIds, PrimitiveVector<T> input, int rows)
    {
        var values = input.Values;
        var sums = _sums;
        var has = _has;
        if (input.Validity is null)
        {
            for (var r = 0; r < rows; r++)
            {
                var g = groupIds[r];
                sums[g] += values[r];
                has[g] = true;
            }
        }
        else
        {
            var validity = input.Validity;
            for (var r = 0; r < rows; r++)
            {
                if (validity.IsValid(r))
                {
                    var g = groupIds[r];
                    sums[g] += values[r];
                    has[g] = true;
                }
            }
        }
    }

    public override void WriteStates(int start, int count, List<ColumnVector> output) => output.Add(Result(start, count));

    public override ColumnVector Result(int start, int count) =>
        new PrimitiveVector<T>(_type, _sums.AsSpan(start, count).ToArray(), Validity(_has, start, count));

    public override void Clear()
    {
        _sums = new T[16];
        _has = new bool[16];
    }
}
