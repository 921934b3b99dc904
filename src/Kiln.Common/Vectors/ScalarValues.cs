using System.Globalization;
using System.Text;
using Kiln.Common.Types;

namespace Kiln.Common.Vectors;

/// <summary>
/// Conversions between CLR values (what users see in rows and literals) and the physical representation
/// stored in vectors: dates as days since 1970-01-01, timestamps as microseconds since the epoch (UTC),
/// decimals as unscaled <see cref="Int128"/>.
/// </summary>
public static class ScalarValues
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public static int ToDays(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    public static DateOnly FromDays(int days) => DateOnly.FromDayNumber(Epoch.DayNumber + days);

    public static long ToMicros(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }

    public static DateTime FromMicros(long micros) => new(DateTime.UnixEpoch.Ticks + (micros * 10), DateTimeKind.Utc);

    public static Int128 Pow10(int n)
    {
        Int128 r = 1;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }

    public static decimal DecimalToClr(Int128 unscaled, int scale)
    {
        // System.Decimal holds 96-bit mantissas; larger values lose digits through double, which display tolerates.
        var negative = unscaled < 0;
        var magnitude = negative ? -unscaled : unscaled;
        if (magnitude <= (Int128)(UInt128)decimal.MaxValue && scale <= 28)
        {
            var lo = (ulong)(magnitude & ulong.MaxValue);
            var hi = (ulong)(magnitude >> 64);
            return new decimal((int)(uint)lo, (int)(uint)(lo >> 32), (int)(uint)hi, negative, (byte)scale);
        }

        return (decimal)((double)unscaled / Math.Pow(10, scale));
    }

    /// <summary>Converts a CLR decimal to an unscaled value at <paramref name="scale"/>, rounding half away from zero. Returns false on overflow of <paramref name="precision"/>.</summary>
    public static bool TryDecimalFromClr(decimal value, int precision, int scale, out Int128 unscaled)
    {
        var rounded = Math.Round(value, Math.Min(scale, 28), MidpointRounding.AwayFromZero);
        var bits = decimal.GetBits(rounded);
        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var currentScale = (bits[3] >> 16) & 0xFF;
        if ((bits[3] & int.MinValue) != 0)
        {
            mantissa = -mantissa;
        }

        unscaled = mantissa * Pow10(scale - currentScale);
        return Int128.Abs(unscaled) < Pow10(precision);
    }

    /// <summary>The CLR object for a physical value of <paramref name="type"/>.</summary>
    public static object ToClr<T>(DataType type, T value)
        where T : unmanaged => type.Id switch
        {
            TypeId.Date => FromDays((int)(object)value),
            TypeId.Timestamp => FromMicros((long)(object)value),
            TypeId.Decimal => DecimalToClr((Int128)(object)value, type.Scale),
            _ => value,
        };

    /// <summary>Formats a CLR value the way Kiln prints results (show, CSV, JSON): ISO dates, invariant numbers.</summary>
    public static string Format(object? value, DataType type) => value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        double d => FormatDouble(d),
        decimal m => m.ToString("F" + type.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime ts => FormatTimestamp(ts),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "Infinity";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-Infinity";
        }

        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }

    public static string FormatTimestamp(DateTime ts) =>
        ts.Ticks % TimeSpan.TicksPerSecond == 0
            ? ts.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : ts.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture).TrimEnd('0');

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
