using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Comparisons of boolean (false &lt; true), decimal (same scale, so unscaled values compare) and string
/// (UTF-8 bytes, i.e. code point order, as Spark's binary string ordering) operands, one row at a time.
/// </summary>
internal sealed class OrderedCompareNode(BinaryOp op, IPhysicalExpr left, IPhysicalExpr right) : IPhysicalExpr
{
    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = left.Evaluate(batch);
        var b = right.Evaluate(batch);
        var result = new bool[batch.RowCount];
        switch (a)
        {
            case PrimitiveVector<Int128> x:
                Fill(x.Values, ((PrimitiveVector<Int128>)b).Values, result);
                break;
            case PrimitiveVector<bool> x:
                Fill(x.Values, ((PrimitiveVector<bool>)b).Values, result);
                break;
            case StringVector x:
                FillStrings(x, (StringVector)b, result);
                break;
            default:
                throw new UnsupportedExpressionException($"cannot compare vectors of {a.Type}", a.Type.ToString());
        }

        if (op == BinaryOp.NullSafeEqual)
        {
            NullSafe.Fix(result, a.Validity, b.Validity);
            return VectorFactory.Bools(result, null);
        }

        return VectorFactory.Bools(result, ValidityBitmap.And(a.Validity, b.Validity));
    }

    private void Fill<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> result)
        where T : IComparable<T>
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Test(a[i].CompareTo(b[i]));
        }
    }

    private void FillStrings(StringVector a, StringVector b, Span<bool> result)
    {
        var equalityOnly = op is BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.NullSafeEqual;
        for (var i = 0; i < result.Length; i++)
        {
            var x = a.GetBytes(i);
            var y = b.GetBytes(i);
            result[i] = equalityOnly ? x.SequenceEqual(y) != (op == BinaryOp.NotEqual) : Test(x.SequenceCompareTo(y));
        }
    }

    private bool Test(int sign) => op switch
    {
        BinaryOp.Equal or BinaryOp.NullSafeEqual => sign == 0,
        BinaryOp.NotEqual => sign != 0,
        BinaryOp.LessThan => sign < 0,
        BinaryOp.LessThanOrEqual => sign <= 0,
        BinaryOp.GreaterThan => sign > 0,
        _ => sign >= 0,
    };
}
