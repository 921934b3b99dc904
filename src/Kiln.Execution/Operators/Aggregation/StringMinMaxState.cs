using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>min or max of strings by UTF-8 byte order (the same as code point order).</summary>
public sealed class StringMinMaxState : AggState
{
    private readonly bool _max;
    private byte[]?[] _values = new byte[]?[16];
    private long _bytes;

    public StringMinMaxState(bool max) => _max = max;

    public override IReadOnlyList<DataType> StateTypes { get; } = [DataType.String];

    public override long BytesPerGroup => 40 + (_values.Length == 0 ? 0 : _bytes / _values.Length);

    public override void EnsureCapacity(int groups)
    {
        if (groups > _values.Length)
        {
            Array.Resize(ref _values, Grow(_values.Length, groups));
        }
    }

    public override void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows) => Fold(groupIds, (StringVector)input!, rows);

    public override void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows) => Fold(groupIds, (StringVector)states[0], rows);

    private void Fold(ReadOnlySpan<int> groupIds, StringVector input, int rows)
    {
        for (var r = 0; r < rows; r++)
        {
            if (input.IsNull(r))
            {
                continue;
            }

            var g = groupIds[r];
            var v = input.GetBytes(r);
            var current = _values[g];
            if (current is null || (_max ? v.SequenceCompareTo(current) > 0 : v.SequenceCompareTo(current) < 0))
            {
                _bytes += v.Length - (current?.Length ?? 0);
                _values[g] = v.ToArray();
            }
        }
    }

    public override void WriteStates(int start, int count, List<ColumnVector> output) => output.Add(Result(start, count));

    public override ColumnVector Result(int start, int count)
    {
        var builder = new StringVectorBuilder(count);
        for (var i = start; i < start + count; i++)
        {
            if (_values[i] is { } v)
            {
                builder.Append(v);
            }
            else
            {
                builder.AppendNull();
            }
        }

        return builder.Build();
    }

    public override void Clear()
    {
        _values = new byte[]?[16];
        _bytes = 0;
    }
}
