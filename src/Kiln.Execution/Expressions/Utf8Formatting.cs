using System.Globalization;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Formatters behind CAST(... AS string), writing UTF-8 into a caller's buffer (64 bytes is always enough):
/// decimals with exactly their scale, dates as yyyy-MM-dd, timestamps as yyyy-MM-dd HH:mm:ss[.f…] (trailing
/// fractional zeros dropped, as <see cref="Kiln.Common.Vectors.ScalarValues.FormatTimestamp"/> does).
/// </summary>
internal static class Utf8Formatting
{
    public const int MaxLength = 64;

    public static int FormatLong(long value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    public static int FormatDecimal(Int128 unscaled, int scale, Span<byte> destination)
    {
        var pos = 0;
        if (unscaled < 0)
        {
            destination[pos++] = (byte)'-';
        }

        Span<byte> digits = stackalloc byte[48];
        UInt128 magnitude = unscaled < 0 ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;
        magnitude.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        var d = digits[..count];
        if (scale == 0)
        {
            d.CopyTo(destination[pos..]);
            return pos + count;
        }

        var integral = count - scale;
        if (integral <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            for (var i = 0; i < -integral; i++)
            {
                destination[pos++] = (byte)'0';
            }

            d.CopyTo(destination[pos..]);
            return pos + count;
        }

        d[..integral].CopyTo(destination[pos..]);
        pos += integral;
        destination[pos++] = (byte)'.';
        d[integral..].CopyTo(destination[pos..]);
        return pos + scale;
    }

    public static int FormatDate(int days, Span<byte> destination)
    {
        var (y, m, d) = CivilDate.FromDays(days);
        var pos = 0;
        if (y < 0)
        {
            destination[pos++] = (byte)'-';
            y = -y;
        }

        pos += Digits(y, 4, destination[pos..]);
        destination[pos++] = (byte)'-';
        pos += Digits(m, 2, destination[pos..]);
        destination[pos++] = (byte)'-';
        pos += Digits(d, 2, destination[pos..]);
        return pos;
    }

    public static int FormatTimestamp(long micros, Span<byte> destination)
    {
        var days = CivilDate.FloorDiv(micros, CivilDate.MicrosPerDay);
        var timeOfDay = micros - (days * CivilDate.MicrosPerDay);
        var pos = FormatDate((int)days, destination);
        destination[pos++] = (byte)' ';
        var seconds = timeOfDay / 1_000_000;
        var fraction = (int)(timeOfDay % 1_000_000);
        pos += Digits((int)(seconds / 3600), 2, destination[pos..]);
        destination[pos++] = (byte)':';
        pos += Digits((int)(seconds / 60 % 60), 2, destination[pos..]);
        destination[pos++] = (byte)':';
        pos += Digits((int)(seconds % 60), 2, destination[pos..]);
        if (fraction != 0)
        {
            destination[pos++] = (byte)'.';
            var width = 6;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                width--;
            }

            pos += Digits(fraction, width, destination[pos..]);
        }

        return pos;
    }

    private static int Digits(int value, int width, Span<byte> destination)
    {
        var count = 1;
        for (var v = value; v >= 10; v /= 10)
        {
            count++;
        }

        count = Math.Max(count, width);
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return count;
    }
}
