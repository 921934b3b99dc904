using System.Globalization;
using System.Numerics;
using System.Text;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>A per-value conversion used by the cast loops; structs, so each loop is specialised and inlined.</summary>
internal interface IConverter<TIn, TOut>
{
    bool TryConvert(TIn value, out TOut result);
}

/// <summary>Integer widening or Java-style narrowing (wraps), and integer to double.</summary>
internal readonly struct NumericConverter<TIn, TOut> : IConverter<TIn, TOut>
    where TIn : INumberBase<TIn>
    where TOut : INumberBase<TOut>
{
    public bool TryConvert(TIn value, out TOut result)
    {
        result = TOut.CreateTruncating(value);
        return true;
    }
}

/// <summary>double → int/bigint as Spark (non-ANSI) and Java do: truncate toward zero, saturate, NaN → 0.</summary>
internal readonly struct DoubleToIntegral<TOut> : IConverter<double, TOut>
    where TOut : INumberBase<TOut>
{
    public bool TryConvert(double value, out TOut result)
    {
        result = double.IsNaN(value) ? TOut.Zero : TOut.CreateSaturating(Math.Truncate(value));
        return true;
    }
}

internal readonly struct IntegralToDecimal<TIn>(int precision, int scale) : IConverter<TIn, Int128>
    where TIn : INumberBase<TIn>
{
    public bool TryConvert(TIn value, out Int128 result) =>
        DecimalMath.TryRescale(Int128.CreateTruncating(value), 0, scale, precision, out result);
}

/// <summary>double → decimal through its shortest round-trip text, as Spark goes through Double.toString.</summary>
internal readonly struct DoubleToDecimal(int precision, int scale) : IConverter<double, Int128>
{
    public bool TryConvert(double value, out Int128 result)
    {
        result = default;
        if (!double.IsFinite(value))
        {
            return false;
        }

        Span<byte> text = stackalloc byte[Utf8Formatting.MaxLength];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        return Utf8Parsing.TryParseDecimal(text[..written], precision, scale, out result);
    }
}

/// <summary>decimal → int/bigint: truncate toward zero, then keep the low bits (Java's BigDecimal.longValue/intValue).</summary>
internal readonly struct DecimalToIntegral<TOut>(int scale) : IConverter<Int128, TOut>
    where TOut : INumberBase<TOut>
{
    public bool TryConvert(Int128 value, out TOut result)
    {
        result = TOut.CreateTruncating((long)(value / DecimalMath.Pow10(scale)));
        return true;
    }
}

internal readonly struct DecimalToDouble(int scale) : IConverter<Int128, double>
{
    public bool TryConvert(Int128 value, out double result)
    {
        Span<byte> text = stackalloc byte[Utf8Formatting.MaxLength];
        var written = Utf8Formatting.FormatDecimal(value, scale, text);
        return double.TryParse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture, out result);
    }
}

internal readonly struct DecimalToDecimal(int fromScale, int precision, int scale) : IConverter<Int128, Int128>
{
    public bool TryConvert(Int128 value, out Int128 result) => DecimalMath.TryRescale(value, fromScale, scale, precision, out result);
}

internal readonly struct NumberToBoolean<TIn> : IConverter<TIn, bool>
    where TIn : INumberBase<TIn>
{
    public bool TryConvert(TIn value, out bool result)
    {
        result = value != TIn.Zero;
        return true;
    }
}

internal readonly struct BooleanToNumber<TOut> : IConverter<bool, TOut>
    where TOut : INumberBase<TOut>
{
    public bool TryConvert(bool value, out TOut result)
    {
        result = value ? TOut.One : TOut.Zero;
        return true;
    }
}

internal readonly struct BooleanToDecimal(int precision, int scale) : IConverter<bool, Int128>
{
    public bool TryConvert(bool value, out Int128 result) => DecimalMath.TryRescale(value ? 1 : 0, 0, scale, precision, out result);
}

internal readonly struct DateToTimestamp : IConverter<int, long>
{
    public bool TryConvert(int value, out long result)
    {
        result = value * CivilDate.MicrosPerDay;
        return true;
    }
}

internal readonly struct TimestampToDate : IConverter<long, int>
{
    public bool TryConvert(long value, out int result)
    {
        result = CivilDate.DaysOfMicros(value);
        return true;
    }
}

/// <summary>timestamp → bigint: whole seconds since the epoch, floored (Spark).</summary>
internal readonly struct TimestampToSeconds : IConverter<long, long>
{
    public bool TryConvert(long value, out long result)
    {
        result = CivilDate.FloorDiv(value, 1_000_000);
        return true;
    }
}

/// <summary>bigint seconds → timestamp, saturating like Java's TimeUnit.SECONDS.toMicros.</summary>
internal readonly struct SecondsToTimestamp : IConverter<long, long>
{
    public bool TryConvert(long value, out long result)
    {
        result = value > long.MaxValue / 1_000_000 ? long.MaxValue : value < long.MinValue / 1_000_000 ? long.MinValue : value * 1_000_000;
        return true;
    }
}

/// <summary>Parses a string to a fixed-width value.</summary>
internal interface IUtf8Parser<T>
{
    bool TryParse(ReadOnlySpan<byte> text, out T result);
}

internal readonly struct IntParser : IUtf8Parser<int>
{
    public bool TryParse(ReadOnlySpan<byte> text, out int result) => Utf8Parsing.TryParseInt(text, out result);
}

internal readonly struct LongParser : IUtf8Parser<long>
{
    public bool TryParse(ReadOnlySpan<byte> text, out long result) => Utf8Parsing.TryParseLong(text, out result);
}

internal readonly struct DoubleParser : IUtf8Parser<double>
{
    public bool TryParse(ReadOnlySpan<byte> text, out double result) => Utf8Parsing.TryParseDouble(text, out result);
}

internal readonly struct BooleanParser : IUtf8Parser<bool>
{
    public bool TryParse(ReadOnlySpan<byte> text, out bool result) => Utf8Parsing.TryParseBoolean(text, out result);
}

internal readonly struct DateParser : IUtf8Parser<int>
{
    public bool TryParse(ReadOnlySpan<byte> text, out int result) => Utf8Parsing.TryParseDate(text, out result);
}

internal readonly struct TimestampParser : IUtf8Parser<long>
{
    public bool TryParse(ReadOnlySpan<byte> text, out long result) => Utf8Parsing.TryParseTimestamp(text, out result);
}

internal readonly struct DecimalParser(int precision, int scale) : IUtf8Parser<Int128>
{
    public bool TryParse(ReadOnlySpan<byte> text, out Int128 result) => Utf8Parsing.TryParseDecimal(text, precision, scale, out result);
}

/// <summary>Formats a fixed-width value as UTF-8 into a buffer of <see cref="Utf8Formatting.MaxLength"/> bytes.</summary>
internal interface IUtf8Formatter<T>
{
    int Format(T value, Span<byte> destination);
}

internal readonly struct IntegerFormatter<T> : IUtf8Formatter<T>
    where T : IBinaryInteger<T>
{
    public int Format(T value, Span<byte> destination) => Utf8Formatting.FormatLong(long.CreateTruncating(value), destination);
}

internal readonly struct DoubleFormatter : IUtf8Formatter<double>
{
    public int Format(double value, Span<byte> destination) => Encoding.UTF8.GetBytes(ScalarValues.FormatDouble(value), destination);
}

internal readonly struct BooleanFormatter : IUtf8Formatter<bool>
{
    public int Format(bool value, Span<byte> destination)
    {
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(destination);
        return text.Length;
    }
}

internal readonly struct DecimalFormatter(int scale) : IUtf8Formatter<Int128>
{
    public int Format(Int128 value, Span<byte> destination) => Utf8Formatting.FormatDecimal(value, scale, destination);
}

internal readonly struct DateFormatter : IUtf8Formatter<int>
{
    public int Format(int value, Span<byte> destination) => Utf8Formatting.FormatDate(value, destination);
}

internal readonly struct TimestampFormatter : IUtf8Formatter<long>
{
    public int Format(long value, Span<byte> destination) => Utf8Formatting.FormatTimestamp(value, destination);
}
