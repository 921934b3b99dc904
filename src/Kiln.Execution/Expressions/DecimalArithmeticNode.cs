using System.Numerics;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Decimal <c>+ - * / %</c> with Spark's result types. Operands keep their own precision and scale: sums and
/// remainders align both at the larger scale, products are exact at s1+s2, quotients round HALF_UP directly to
/// the result scale; every result is rounded HALF_UP to <see cref="Type"/>'s scale and becomes NULL when it
/// exceeds its precision or divides by zero. When no intermediate can exceed 38 digits (decided once, from the
/// types) the loop runs on <see cref="Int128"/>; otherwise on <see cref="BigInteger"/>.
/// </summary>
internal sealed class DecimalArithmeticNode : IPhysicalExpr
{
    private readonly BinaryOp _op;
    private readonly IPhysicalExpr _left;
    private readonly IPhysicalExpr _right;
    private readonly int _s1;
    private readonly int _s2;
    private readonly int _alignedScale;
    private readonly int _divideExponent;
    private readonly bool _wide;

    public DecimalArithmeticNode(BinaryOp op, IPhysicalExpr left, IPhysicalExpr right, DataType resultType)
    {
        _op = op;
        _left = left;
        _right = right;
        Type = resultType;
        var (p1, s1, p2, s2) = (left.Type.Precision, left.Type.Scale, right.Type.Precision, right.Type.Scale);
        _s1 = s1;
        _s2 = s2;
        _alignedScale = Math.Max(s1, s2);
        _divideExponent = resultType.Scale - s1 + s2;
        var digits = op switch
        {
            BinaryOp.Add or BinaryOp.Subtract => Math.Max(p1 - s1, p2 - s2) + _alignedScale + 1,
            BinaryOp.Multiply => p1 + p2,
            BinaryOp.Divide => _divideExponent >= 0 ? p1 + _divideExponent : p2 - _divideExponent,
            _ => Math.Max(p1 - s1, p2 - s2) + _alignedScale,
        };
        _wide = digits > DecimalMath.SafeDigits;
    }

    public DataType Type { get; }

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = (PrimitiveVector<Int128>)_left.Evaluate(batch);
        var b = (PrimitiveVector<Int128>)_right.Evaluate(batch);
        var n = batch.RowCount;
        var result = new Int128[n];
        var invalid = new bool[n];
        var x = a.Values;
        var y = b.Values;
        for (var i = 0; i < n; i++)
        {
            var ok = _wide ? Wide(x[i], y[i], out result[i]) : Narrow(x[i], y[i], out result[i]);
            if (!ok)
            {
                invalid[i] = true;
                result[i] = default;
            }
        }

        var validity = Bits.ClearWhere(ValidityBitmap.And(a.Validity, b.Validity), invalid);
        return new PrimitiveVector<Int128>(Type, result, validity);
    }

    private bool Narrow(Int128 a, Int128 b, out Int128 r)
    {
        var (p, s) = (Type.Precision, Type.Scale);
        switch (_op)
        {
            case BinaryOp.Add:
                return DecimalMath.TryRescale((a * DecimalMath.Pow10(_alignedScale - _s1)) + (b * DecimalMath.Pow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
            case BinaryOp.Subtract:
                return DecimalMath.TryRescale((a * DecimalMath.Pow10(_alignedScale - _s1)) - (b * DecimalMath.Pow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
            case BinaryOp.Multiply:
                return DecimalMath.TryRescale(a * b, _s1 + _s2, s, p, out r);
            case BinaryOp.Divide:
                if (b == 0)
                {
                    r = default;
                    return false;
                }

                r = _divideExponent >= 0
                    ? DecimalMath.DivideHalfUp(a * DecimalMath.Pow10(_divideExponent), b)
                    : DecimalMath.DivideHalfUp(a, b * DecimalMath.Pow10(-_divideExponent));
                return DecimalMath.Fits(r, p);
            default:
                if (b == 0)
                {
                    r = default;
                    return false;
                }

                return DecimalMath.TryRescale((a * DecimalMath.Pow10(_alignedScale - _s1)) % (b * DecimalMath.Pow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
        }
    }

    private bool Wide(Int128 a128, Int128 b128, out Int128 r)
    {
        var (p, s) = (Type.Precision, Type.Scale);
        var a = (BigInteger)a128;
        var b = (BigInteger)b128;
        switch (_op)
        {
            case BinaryOp.Add:
                return DecimalMath.TryRescale((a * DecimalMath.BigPow10(_alignedScale - _s1)) + (b * DecimalMath.BigPow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
            case BinaryOp.Subtract:
                return DecimalMath.TryRescale((a * DecimalMath.BigPow10(_alignedScale - _s1)) - (b * DecimalMath.BigPow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
            case BinaryOp.Multiply:
                return DecimalMath.TryRescale(a * b, _s1 + _s2, s, p, out r);
            case BinaryOp.Divide:
                if (b.IsZero)
                {
                    r = default;
                    return false;
                }

                var q = _divideExponent >= 0
                    ? DecimalMath.DivideHalfUp(a * DecimalMath.BigPow10(_divideExponent), b)
                    : DecimalMath.DivideHalfUp(a, b * DecimalMath.BigPow10(-_divideExponent));
                return DecimalMath.TryRescale(q, s, s, p, out r);
            default:
                if (b.IsZero)
                {
                    r = default;
                    return false;
                }

                return DecimalMath.TryRescale((a * DecimalMath.BigPow10(_alignedScale - _s1)) % (b * DecimalMath.BigPow10(_alignedScale - _s2)), _alignedScale, s, p, out r);
        }
    }
}
