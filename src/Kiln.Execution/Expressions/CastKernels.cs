using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// CAST between any two types the resolver allows (<see cref="Kiln.Plan.Analysis.TypeCoercion.CanCast"/>), Spark
/// non-ANSI semantics: a value that does not convert (unparsable text, decimal overflow) becomes NULL and nothing
/// throws. Integer narrowing wraps and double → integer saturates (NaN → 0), as Java casts do.
/// </summary>
internal static class CastKernels
{
    public static ColumnVector Cast(ColumnVector v, DataType to)
    {
        var from = v.Type;
        if (from == to)
        {
            return v;
        }

        if (from.Id == TypeId.Null)
        {
            return VectorFactory.AllNull(to, v.Length);
        }

        if (to.Id == TypeId.String)
        {
            return ToText(v);
        }

        if (from.Id == TypeId.String)
        {
            return FromText((StringVector)v, to);
        }

        return (from.Id, to.Id) switch
        {
            (TypeId.Int32, TypeId.Int64) => Map<int, long, NumericConverter<int, long>>(v, to, default),
            (TypeId.Int32, TypeId.Float64) => Map<int, double, NumericConverter<int, double>>(v, to, default),
            (TypeId.Int32, TypeId.Decimal) => Map<int, Int128, IntegralToDecimal<int>>(v, to, new(to.Precision, to.Scale)),
            (TypeId.Int32, TypeId.Boolean) => Map<int, bool, NumberToBoolean<int>>(v, to, default),
            (TypeId.Int64, TypeId.Int32) => Map<long, int, NumericConverter<long, int>>(v, to, default),
            (TypeId.Int64, TypeId.Float64) => Map<long, double, NumericConverter<long, double>>(v, to, default),
            (TypeId.Int64, TypeId.Decimal) => Map<long, Int128, IntegralToDecimal<long>>(v, to, new(to.Precision, to.Scale)),
            (TypeId.Int64, TypeId.Boolean) => Map<long, bool, NumberToBoolean<long>>(v, to, default),
            (TypeId.Int64, TypeId.Timestamp) => Map<long, long, SecondsToTimestamp>(v, to, default),
            (TypeId.Float64, TypeId.Int32) => Map<double, int, DoubleToIntegral<int>>(v, to, default),
            (TypeId.Float64, TypeId.Int64) => Map<double, long, DoubleToIntegral<long>>(v, to, default),
            (TypeId.Float64, TypeId.Decimal) => Map<double, Int128, DoubleToDecimal>(v, to, new(to.Precision, to.Scale)),
            (TypeId.Float64, TypeId.Boolean) => Map<double, bool, NumberToBoolean<double>>(v, to, default),
            (TypeId.Decimal, TypeId.Int32) => Map<Int128, int, DecimalToIntegral<int>>(v, to, new(from.Scale)),
            (TypeId.Decimal, TypeId.Int64) => Map<Int128, long, DecimalToIntegral<long>>(v, to, new(from.Scale)),
            (TypeId.Decimal, TypeId.Float64) => Map<Int128, double, DecimalToDouble>(v, to, new(from.Scale)),
            (TypeId.Decimal, TypeId.Decimal) => Map<Int128, Int128, DecimalToDecimal>(v, to, new(from.Scale, to.Precision, to.Scale)),
            (TypeId.Decimal, TypeId.Boolean) => Map<Int128, bool, NumberToBoolean<Int128>>(v, to, default),
            (TypeId.Boolean, TypeId.Int32) => Map<bool, int, BooleanToNumber<int>>(v, to, default),
            (TypeId.Boolean, TypeId.Int64) => Map<bool, long, BooleanToNumber<long>>(v, to, default),
            (TypeId.Boolean, TypeId.Float64) => Map<bool, double, BooleanToNumber<double>>(v, to, default),
            (TypeId.Boolean, TypeId.Decimal) => Map<bool, Int128, BooleanToDecimal>(v, to, new(to.Precision, to.Scale)),
            (TypeId.Date, TypeId.Timestamp) => Map<int, long, DateToTimestamp>(v, to, default),
            (TypeId.Timestamp, TypeId.Date) => Map<long, int, TimestampToDate>(v, to, default),
            (TypeId.Timestamp, TypeId.Int64) => Map<long, long, TimestampToSeconds>(v, to, default),
            _ => throw new UnsupportedExpressionException($"cannot cast {from} to {to}; the analyzer should have rejected this cast", $"CAST(... AS {to})"),
        };
    }

    private static PrimitiveVector<TOut> Map<TIn, TOut, TConv>(ColumnVector v, DataType to, TConv converter)
        where TIn : unmanaged
        where TOut : unmanaged
        where TConv : struct, IConverter<TIn, TOut>
    {
        var src = ((PrimitiveVector<TIn>)v).Values;
        var result = new TOut[src.Length];
        bool[]? invalid = null;
        for (var i = 0; i < src.Length; i++)
        {
            if (!converter.TryConvert(src[i], out result[i]))
            {
                invalid ??= new bool[src.Length];
                invalid[i] = true;
                result[i] = default;
            }
        }

        return new PrimitiveVector<TOut>(to, result, invalid is null ? v.Validity : Bits.ClearWhere(v.Validity, invalid));
    }

    private static ColumnVector FromText(StringVector v, DataType to) => to.Id switch
    {
        TypeId.Int32 => Parse<int, IntParser>(v, to, default),
        TypeId.Int64 => Parse<long, LongParser>(v, to, default),
        TypeId.Float64 => Parse<double, DoubleParser>(v, to, default),
        TypeId.Boolean => Parse<bool, BooleanParser>(v, to, default),
        TypeId.Date => Parse<int, DateParser>(v, to, default),
        TypeId.Timestamp => Parse<long, TimestampParser>(v, to, default),
        TypeId.Decimal => Parse<Int128, DecimalParser>(v, to, new(to.Precision, to.Scale)),
        _ => throw new UnsupportedExpressionException($"cannot cast string to {to}", $"CAST(... AS {to})"),
    };

    private static PrimitiveVector<T> Parse<T, TParser>(StringVector v, DataType to, TParser parser)
        where T : unmanaged
        where TParser : struct, IUtf8Parser<T>
    {
        var n = v.Length;
        var result = new T[n];
        bool[]? invalid = null;
        for (var i = 0; i < n; i++)
        {
            if (!v.IsNull(i) && !parser.TryParse(v.GetBytes(i), out result[i]))
            {
                invalid ??= new bool[n];
                invalid[i] = true;
                result[i] = default;
            }
        }

        return new PrimitiveVector<T>(to, result, invalid is null ? v.Validity : Bits.ClearWhere(v.Validity, invalid));
    }

    private static StringVector ToText(ColumnVector v) => v.Type.Id switch
    {
        TypeId.Boolean => Format<bool, BooleanFormatter>(v, default),
        TypeId.Int32 => Format<int, IntegerFormatter<int>>(v, default),
        TypeId.Int64 => Format<long, IntegerFormatter<long>>(v, default),
        TypeId.Float64 => Format<double, DoubleFormatter>(v, default),
        TypeId.Decimal => Format<Int128, DecimalFormatter>(v, new(v.Type.Scale)),
        TypeId.Date => Format<int, DateFormatter>(v, default),
        TypeId.Timestamp => Format<long, TimestampFormatter>(v, default),
        _ => throw new UnsupportedExpressionException($"cannot cast {v.Type} to string", $"CAST(... AS string)"),
    };

    private static StringVector Format<T, TFormatter>(ColumnVector v, TFormatter formatter)
        where T : unmanaged
        where TFormatter : struct, IUtf8Formatter<T>
    {
        var src = ((PrimitiveVector<T>)v).Values;
        var builder = new StringVectorBuilder(src.Length);
        Span<byte> buffer = stackalloc byte[Utf8Formatting.MaxLength];
        for (var i = 0; i < src.Length; i++)
        {
            if (v.IsNull(i))
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(buffer[..formatter.Format(src[i], buffer)]);
            }
        }

        return (StringVector)builder.Build();
    }
}
