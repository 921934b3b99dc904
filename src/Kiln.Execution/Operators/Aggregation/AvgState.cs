using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// avg as (sum, count). For doubles and integers the sum is a double; for decimal(p,s) it is an unscaled
/// Int128 at scale s, and the result decimal(p+4, s+4) is rounded half-up.
/// </summary>
public sealed class AvgState : AggState
{
    private readonly DataType _input;
    private readonly DataType _result;
    private readonly bool _decimal;
    private double[] _doubleSums = new double[16];
    private Int128[] _decimalSums = [];
    private long[] _counts = new long[16];

    public AvgState(DataType input, DataType result)
    {
        _input = input;
        _result = result;
        _decimal = input.Id == TypeId.Decimal;
        if (_decimal)
        {
            _decimalSums = new Int128[16];
            StateTypes = [DataType.Decimal(DataType.MaxDecimalPrecision, input.Scale), DataType.Int64];
        }
        else
        {
            StateTypes = [DataType.Float64, DataType.Int64];
        }
    }

    public override IReadOnlyList<DataType> StateTypes { get; }

    public override long BytesPerGroup => 24;

    public override void EnsureCapacity(int groups)
    {
        if (groups > _counts.Length)
        {
            var size = Grow(_counts.Length, groups);
            Array.Resize(ref _counts, size);
            if (_decimal)
            {
                Array.Resize(ref _decimalSums, size);
            }
            else
            {
                Array.Resize(ref _doubleSums, size);
            }
        }
    }

    public override void Update(ReadOnlySpan<int> groupIds, ColumnVector? input, int rows)
    {
        switch (input)
        {
            case PrimitiveVector<double> d:
                for (var r = 0; r < rows; r++)
                {
                    if (!d.IsNull(r))
                    {
                        _doubleSums[groupIds[r]] += d[r];
                        _counts[groupIds[r]]++;
                    }
                }

                break;
            case PrimitiveVector<int> i:
                for (var r = 0; r < rows; r++)
                {
                    if (!i.IsNull(r))
                    {
                        _doubleSums[groupIds[r]] += i[r];
                        _counts[groupIds[r]]++;
                    }
                }

                break;
            case PrimitiveVector<long> l:
                for (var r = 0; r < rows; r++)
                {
                    if (!l.IsNull(r))
                    {
                        _doubleSums[groupIds[r]] += l[r];
                        _counts[groupIds[r]]++;
                    }
                }

                break;
            case PrimitiveVector<Int128> m:
                for (var r = 0; r < rows; r++)
                {
                    if (!m.IsNull(r))
                    {
                        _decimalSums[groupIds[r]] += m[r];
                        _counts[groupIds[r]]++;
                    }
                }

                break;
            default:
                throw new NotSupportedException($"avg of {_input}");
        }
    }

    public override void Merge(ReadOnlySpan<int> groupIds, IReadOnlyList<ColumnVector> states, int rows)
    {
        var counts = ((PrimitiveVector<long>)states[1]).Values;
        if (_decimal)
        {
            var sums = (PrimitiveVector<Int128>)states[0];
            for (var r = 0; r < rows; r++)
            {
                _decimalSums[groupIds[r]] += sums[r];
                _counts[groupIds[r]] += counts[r];
            }
        }
        else
        {
            var sums = (PrimitiveVector<double>)states[0];
            for (var r = 0; r < rows; r++)
            {
                _doubleSums[groupIds[r]] += sums[r];
                _counts[groupIds[r]] += counts[r];
            }
        }
    }

    public override void WriteStates(int start, int count, List<ColumnVector> output)
    {
        output.Add(_decimal
            ? new PrimitiveVector<Int128>(StateTypes[0], _decimalSums.AsSpan(start, count).ToArray())
            : new PrimitiveVector<double>(DataType.Float64, _doubleSums.AsSpan(start, count).ToArray()));
        output.Add(new PrimitiveVector<long>(DataType.Int64, _counts.AsSpan(start, count).ToArray()));
    }

    public override ColumnVector Result(int start, int count)
    {
        ValidityBitmap? validity = null;
        for (var i = 0; i < count; i++)
        {
            if (_counts[start + i] == 0)
            {
                validity ??= new ValidityBitmap(count);
                validity.SetNull(i);
            }
        }

        if (!_decimal)
        {
            var values = new double[count];
            for (var i = 0; i < count; i++)
            {
                var n = _counts[start + i];
                values[i] = n == 0 ? 0 : _doubleSums[start + i] / n;
            }

            return new PrimitiveVector<double>(_result, values, validity);
        }

        var scaleUp = ScalarValues.Pow10(_result.Scale - _input.Scale);
        var results = new Int128[count];
        for (var i = 0; i < count; i++)
        {
            var n = _counts[start + i];
            if (n != 0)
            {
                results[i] = DivideHalfUp(_decimalSums[start + i] * scaleUp, n);
            }
        }

        return new PrimitiveVector<Int128>(_result, results, validity);
    }

    private static Int128 DivideHalfUp(Int128 numerator, long denominator)
    {
        var (quotient, remainder) = Int128.DivRem(numerator, denominator);
        if (Int128.Abs(remainder) * 2 >= Int128.Abs(denominator))
        {
            quotient += (numerator < 0) != (denominator < 0) ? -1 : 1;
        }

        return quotient;
    }

    public override void Clear()
    {
        _counts = new long[16];
        _doubleSums = new double[16];
        _decimalSums = _decimal ? new Int128[16] : [];
    }
}
