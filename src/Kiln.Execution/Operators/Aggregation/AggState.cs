using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// The running state of one aggregate for every group, held column-wise. A partial aggregation
/// <see cref="Update"/>s from input values and emits its state columns; a final aggregation
/// <see cref="Merge"/>s state columns and emits results. State layouts: count → bigint; sum → the sum type
/// (NULL when no value was seen); avg → (sum, count); min/max → the value type.
/// </summary>
public abstract class AggState
{
    public abstract IReadOnlyList<DataType> StateTypes { get; }

    public abstract long BytesPerGroup { get; }

    public abstract void EnsureCapacity(int groups);

    public abstract void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows);

    public abstract void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows);

    public abstract void WriteStates(int start, int count, List<ColumnVector> output);

    public abstract ColumnVector Result(int start, int count);

    public abstract void Clear();

    public static AggState Create(AggregateFunction function, DataType? inputType, DataType resultType) => function switch
    {
        AggregateFunction.Count => new CountState(),
        AggregateFunction.Sum => resultType.Id switch
        {
            TypeId.Int64 => new SumState<long>(resultType),
            TypeId.Decimal => new SumState<Int128>(resultType),
            _ => new SumState<double>(resultType),
        },
        AggregateFunction.Avg => new AvgState(inputType!, resultType),
        AggregateFunction.Min or AggregateFunction.Max => inputType!.Id switch
        {
            TypeId.Int32 or TypeId.Date => new MinMaxState<int>(inputType, function == AggregateFunction.Max),
            TypeId.Int64 or TypeId.Timestamp => new MinMaxState<long>(inputType, function == AggregateFunction.Max),
            TypeId.Float64 => new MinMaxState<double>(inputType, function == AggregateFunction.Max),
            TypeId.Decimal => new MinMaxState<Int128>(inputType, function == AggregateFunction.Max),
            TypeId.String => new StringMinMaxState(function == AggregateFunction.Max),
            _ => throw new NotSupportedException($"{function} of {inputType}"),
        },
        _ => throw new NotSupportedException(function.ToString()),
    };

    protected static int Grow(int current, int needed)
    {
        var size = Math.Max(current, 16);
        while (size < needed)
        {
            size *= 2;
        }

        return size;
    }

    protected static ValidityBitmap? Validity(bool[] has, int start, int count)
    {
        ValidityBitmap? validity = null;
        for (var i = 0; i < count; i++)
        {
            if (!has[start + i])
            {
                validity ??= new ValidityBitmap(count);
                validity.SetNull(i);
            }
        }

        return validity;
    }
}
