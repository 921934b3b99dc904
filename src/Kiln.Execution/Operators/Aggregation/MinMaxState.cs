using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>min or max of fixed-width values; for doubles NaN is the greatest value (Spark's ordering).</summary>
public sealed class MinMaxState<T> : AggState
    where T : unmanaged, IComparable<T>
{
    private readonly DataType _type;
    private readonly bool _max;
    private T[] _values = new T[16];
    private bool[] _has = new bool[16];

    public MinMaxState(DataType type, bool max)
    {
        _type = type;
        _max = max;
        StateTypes = [type];
    }

    public override IReadOnlyList<DataType> StateTypes { get; }

    public override long BytesPerGroup => System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 1;

    public override void EnsureCapacity(int groups)
    {
        if (groups > _values.Length)
        {
            var size = Grow(_values.Length, groups);
            Array.Resize(ref _values, size);
            Array.Resize(ref _has, size);
        }
    }

    public override void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows) => Fold(groupIds, (PrimitiveVector<T>)input!, rows);

    public override void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows) => Fold(groupIds, (PrimitiveVector<T>)states[0], rows);

    private void Fold(ReadOnlySpan<int> groupIds, PrimitiveVector<T> input, int rows)
    {
        var values = input.Values;
        for (var r = 0; r < rows; r++)
        {
            if (input.IsNull(r))
            {
                continue;
            }

            var g = groupIds[r];
            var v = values[r];
            if (!_has[g])
            {
                _values[g] = v;
                _has[g] = true;
                continue;
            }

            var c = Compare(v, _values[g]);
            if (_max ? c > 0 : c < 0)
            {
                _values[g] = v;
            }
        }
    }

    private static int Compare(T a, T b)
    {
        if (typeof(T) == typeof(double))
        {
            var x = (double)(object)a;
            var y = (double)(object)b;
            return double.IsNaN(x) ? (double.IsNaN(y) ? 0 : 1) : double.IsNaN(y) ? -1 : x.CompareTo(y);
        }

        return a.CompareTo(b);
    }

    public override void WriteStates(int start, int count, List<ColumnVector> output) => output.Add(Result(start, count));

    public override ColumnVector Result(int start, int count) =>
        new PrimitiveVector<T>(_type, _values.AsSpan(start, count).ToArray(), Validity(_has, start, count));

    public override void Clear()
    {
        _values = new T[16];
        _has = new bool[16];
    }
}
