using System.Globalization;
using System.Numerics;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// abs (integers wrap: abs(MIN) = MIN, as in Java) and round(x, scale) with HALF_UP. Doubles round their shortest
/// decimal text, as Spark rounds BigDecimal(Double.toString(x)), so round(1.005, 2) is 1.01; decimals round to
/// the result type's scale and become NULL if they then exceed its precision.
/// </summary>
internal sealed class MathFunctionNode(string name, IPhysicalExpr arg, int scale, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var v = arg.Evaluate(batch);
        var abs = name == "abs";
        return v switch
        {
            PrimitiveVector<int> x => Integers(x, abs),
            PrimitiveVector<long> x => Integers(x, abs),
            PrimitiveVector<double> x => Doubles(x, abs),
            PrimitiveVector<Int128> x => Decimals(x, abs),
            _ => v,
        };
    }

    public static double RoundHalfUp(double d, int scale)
    {
        if (!double.IsFinite(d))
        {
            return d;
        }

        Span<byte> text = stackalloc byte[Utf8Formatting.MaxLength];
        d.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        if (!Utf8Parsing.TryParseDecimal(text[..written], DecimalMath.SafeDigits, Math.Max(scale, 0), out var unscaled))
        {
            return d;
        }

        if (scale < 0)
        {
            var factor = DecimalMath.Pow10(Math.Min(-scale, DecimalMath.SafeDigits));
            return (double)(DecimalMath.DivideHalfUp(unscaled, factor) * factor);
        }

        Span<byte> rounded = stackalloc byte[Utf8Formatting.MaxLength];
        var n = Utf8Formatting.FormatDecimal(unscaled, scale, rounded);
        var result = double.Parse(rounded[..n], NumberStyles.Float, CultureInfo.InvariantCulture);
        return result == 0 && double.IsNegative(d) ? -0.0 : result;
    }

    private PrimitiveVector<T> Integers<T>(PrimitiveVector<T> x, bool abs)
        where T : unmanaged, IBinaryInteger<T>
    {
        var src = x.Values;
        var result = new T[src.Length];
        if (abs)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = T.IsNegative(src[i]) ? T.Zero - src[i] : src[i];
            }
        }
        else if (scale >= 0)
        {
            src.CopyTo(result);
        }
        else
        {
            var factor = -scale > DecimalMath.SafeDigits ? Int128.Zero : DecimalMath.Pow10(-scale);
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = factor == 0 ? T.Zero : T.CreateTruncating(DecimalMath.DivideHalfUp(Int128.CreateTruncating(src[i]), factor) * factor);
            }
        }

        return new PrimitiveVector<T>(type, result, x.Validity);
    }

    private PrimitiveVector<double> Doubles(PrimitiveVector<double> x, bool abs)
    {
        var src = x.Values;
        var result = new double[src.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = abs ? Math.Abs(src[i]) : RoundHalfUp(src[i], scale);
        }

        return new PrimitiveVector<double>(type, result, x.Validity);
    }

    private PrimitiveVector<Int128> Decimals(PrimitiveVector<Int128> x, bool abs)
    {
        var src = x.Values;
        var result = new Int128[src.Length];
        var fromScale = arg.Type.Scale;
        bool[]? invalid = null;
        for (var i = 0; i < result.Length; i++)
        {
            bool ok;
            if (abs)
            {
                result[i] = Int128.Abs(src[i]);
                ok = true;
            }
            else if (scale >= 0)
            {
                ok = DecimalMath.TryRescale(src[i], fromScale, type.Scale, type.Precision, out result[i]);
            }
            else
            {
                var k = fromScale - scale;
                var q = k > DecimalMath.SafeDigits ? Int128.Zero : DecimalMath.DivideHalfUp(src[i], DecimalMath.Pow10(k));
                ok = q == 0 || (-scale <= DecimalMath.SafeDigits && Int128.Abs(q) <= Int128.MaxValue / DecimalMath.Pow10(-scale));
                result[i] = ok && q != 0 ? q * DecimalMath.Pow10(-scale) : default;
                ok = ok && DecimalMath.Fits(result[i], type.Precision);
            }

            if (!ok)
            {
                invalid ??= new bool[result.Length];
                invalid[i] = true;
                result[i] = default;
            }
        }

        return new PrimitiveVector<Int128>(type, result, invalid is null ? x.Validity : Bits.ClearWhere(x.Validity, invalid));
    }
}
