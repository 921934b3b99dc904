using System.Numerics;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Execution.Hashing;

namespace Kiln.Execution.Operators.Window;

/// <summary>
/// An aggregate over a moving frame of one partition's rows. <see cref="Evaluate"/> slides the frame forward:
/// rows entering are <see cref="Add"/>ed, rows leaving are <see cref="Remove"/>d when the aggregate can take them
/// back (count, integer and decimal sums), otherwise the frame is re-aggregated from its new start (min, max, double
/// sums, so that results do not carry rounding from subtraction).
/// </summary>
public abstract class FrameAggregate
{
    protected FrameAggregate(int rows) => Rows = rows;

    protected int Rows { get; }

    protected abstract bool CanRemove { get; }

    protected abstract void Reset();

    protected abstract void Add(int row);

    protected virtual void Remove(int row) => throw new NotSupportedException();

    protected abstract void Emit(int row);

    protected abstract ColumnVector Build();

    public static FrameAggregate Create(WindowOp op, ColumnVector? argument, DataType resultType, int rows) => op switch
    {
        WindowOp.CountRows => new CountAggregate(null, rows),
        WindowOp.Count => new CountAggregate(argument, rows),
        WindowOp.Sum => resultType.Id switch
        {
            TypeId.Int64 => new SumAggregate<long>((PrimitiveVector<long>)argument!, resultType, rows, average: false),
            TypeId.Decimal => new SumAggregate<Int128>((PrimitiveVector<Int128>)argument!, resultType, rows, average: false),
            _ => new SumAggregate<double>((PrimitiveVector<double>)argument!, resultType, rows, average: false),
        },
        WindowOp.Avg => resultType.Id == TypeId.Decimal
            ? new SumAggregate<Int128>((PrimitiveVector<Int128>)argument!, resultType, rows, average: true)
            : new SumAggregate<double>((PrimitiveVector<double>)argument!, resultType, rows, average: true),
        WindowOp.Min or WindowOp.Max => new MinMaxAggregate(argument!, op == WindowOp.Max, rows),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an aggregate"),
    };

    /// <summary>The aggregate of every row's frame.</summary>
    public ColumnVector Evaluate(FrameBounds frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int from = 0, to = 0;
        Reset();
        for (var i = 0; i < Rows; i++)
        {
            var lower = frames.Lower[i];
            var upper = Math.Max(lower, frames.Upper[i]);
            if (lower < from || upper < to || lower >= to || (lower > from && !CanRemove))
            {
                Reset();
                from = lower;
                to = lower;
            }

            while (from < lower)
            {
                Remove(from++);
            }

            while (to < upper)
            {
                Add(to++);
            }

            Emit(i);
        }

        return Build();
    }

    private sealed class CountAggregate(ColumnVector? argument, int rows) : FrameAggregate(rows)
    {
        private readonly long[] _results = new long[rows];
        private long _count;

        protected override bool CanRemove => true;

        protected override void Reset() => _count = 0;

        protected override void Add(int row) => _count += argument is null || !argument.IsNull(row) ? 1 : 0;

        protected override void Remove(int row) => _count -= argument is null || !argument.IsNull(row) ? 1 : 0;

        protected override void Emit(int row) => _results[row] = _count;

        protected override ColumnVector Build() => new PrimitiveVector<long>(DataType.Int64, _results);
    }

    /// <summary>sum (bigint, double, decimal at the input's scale) and avg (double, or decimal rounded half up to the result's scale).</summary>
    private sealed class SumAggregate<T> : FrameAggregate
        where T : unmanaged, INumber<T>
    {
        private readonly PrimitiveVector<T> _argument;
        private readonly DataType _type;
        private readonly bool _average;
        private readonly T[] _results;
        private readonly ValidityBitmap _validity;
        private T _sum;
        private long _count;

        public SumAggregate(PrimitiveVector<T> argument, DataType type, int rows, bool average)
            : base(rows)
        {
            _argument = argument;
            _type = type;
            _average = average;
            _results = new T[rows];
            _validity = new ValidityBitmap(rows);
        }

        protected override bool CanRemove => typeof(T) != typeof(double);

        protected override void Reset()
        {
            _sum = T.Zero;
            _count = 0;
        }

        protected override void Add(int row)
        {
            if (!_argument.IsNull(row))
            {
                _sum += _argument[row];
                _count++;
            }
        }

        protected override void Remove(int row)
        {
            if (!_argument.IsNull(row))
            {
                _sum -= _argument[row];
                _count--;
            }
        }

        protected override void Emit(int row)
        {
            if (_count == 0)
            {
                _validity.SetNull(row);
                return;
            }

            _results[row] = _average ? Average() : _sum;
        }

        private T Average()
        {
            if (typeof(T) == typeof(double))
            {
                return (T)(object)((double)(object)_sum / _count);
            }

            var sum = (Int128)(object)_sum;
            var numerator = sum * ScalarValues.Pow10(_type.Scale - _argument.Type.Scale);
            var (quotient, remainder) = Int128.DivRem(numerator, _count);
            if (Int128.Abs(remainder) * 2 >= _count)
            {
                quotient += numerator < 0 ? -1 : 1;
            }

            return (T)(object)quotient;
        }

        protected override ColumnVector Build() => new PrimitiveVector<T>(_type, _results, _validity);
    }

    /// <summary>min / max as the row holding the extreme value, gathered at the end (works for every orderable type).</summary>
    private sealed class MinMaxAggregate(ColumnVector argument, bool max, int rows) : FrameAggregate(rows)
    {
        private readonly int[] _picked = new int[rows];
        private int _best = -1;

        protected override bool CanRemove => false;

        protected override void Reset() => _best = -1;

        protected override void Add(int row)
        {
            if (argument.IsNull(row))
            {
                return;
            }

            if (_best < 0)
            {
                _best = row;
                return;
            }

            var c = RowComparator.CompareValues(argument, row, argument, _best);
            if (max ? c > 0 : c < 0)
            {
                _best = row;
            }
        }

        protected override void Emit(int row) => _picked[row] = _best;

        protected override ColumnVector Build() => ValueGather.Take(argument, _picked, null);
    }
}
