using System.Buffers.Text;
using System.Globalization;

namespace Kiln.DataSources.Values;

/// <summary>A buffered UTF-8 byte writer over a stream with formatters for Kiln's physical values.</summary>
/// <remarks>Not thread-safe. Formats: ISO dates, <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c> timestamps (trailing zeros of the fraction dropped), round-trip doubles with <c>NaN</c>/<c>Infinity</c>, decimals with exactly their scale.</remarks>
internal sealed class Utf8Output : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[1 << 16];
    private int _length;

    public Utf8Output(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    public Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Flush();
            if (size > _buffer.Length)
            {
                _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            }
        }

        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void WriteByte(byte b)
    {
        if (_length == _buffer.Length)
        {
            Flush();
        }

        _buffer[_length++] = b;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length - _length)
        {
            Flush();
            if (bytes.Length > _buffer.Length)
            {
                _stream.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteInt64(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out var n);
        _length += n;
    }

    public void WriteDouble(double value)
    {
        if (double.IsNaN(value))
        {
            Write("NaN"u8);
            return;
        }

        if (double.IsInfinity(value))
        {
            Write(value > 0 ? "Infinity"u8 : "-Infinity"u8);
            return;
        }

        var span = Reserve(32);
        value.TryFormat(span, out var n, "R", CultureInfo.InvariantCulture);
        _length += n;
        if (span[..n].IndexOfAny(".E"u8) < 0)
        {
            Write(".0"u8);
        }
    }

    public void WriteDecimal(Int128 unscaled, int scale)
    {
        Span<byte> digits = stackalloc byte[48];
        var negative = unscaled < 0;
        var magnitude = negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;
        magnitude.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        var span = Reserve(n + scale + 3);
        var p = 0;
        if (negative)
        {
            span[p++] = (byte)'-';
        }

        var intDigits = n - scale;
        if (intDigits <= 0)
        {
            span[p++] = (byte)'0';
        }
        else
        {
            digits[..intDigits].CopyTo(span[p..]);
            p += intDigits;
        }

        if (scale > 0)
        {
            span[p++] = (byte)'.';
            for (var i = intDigits; i < 0; i++)
            {
                span[p++] = (byte)'0';
            }

            var frac = digits[Math.Max(0, intDigits)..n];
            frac.CopyTo(span[p..]);
            p += frac.Length;
        }

        _length += p;
    }

    public void WriteDate(int days)
    {
        var (y, m, d) = CivilDate.FromDays(days);
        var span = Reserve(16);
        Digits(span, y, 4);
        span[4] = (byte)'-';
        Digits(span[5..], m, 2);
        span[7] = (byte)'-';
        Digits(span[8..], d, 2);
        _length += 10;
    }

    public void WriteTimestamp(long micros)
    {
        var days = CivilDate.FloorDiv(micros, CivilDate.MicrosPerDay);
        var rest = micros - (days * CivilDate.MicrosPerDay);
        WriteDate((int)days);
        var seconds = rest / CivilDate.MicrosPerSecond;
        var fraction = (int)(rest % CivilDate.MicrosPerSecond);
        var span = Reserve(16);
        span[0] = (byte)' ';
        Digits(span[1..], (int)(seconds / 3600), 2);
        span[3] = (byte)':';
        Digits(span[4..], (int)(seconds / 60 % 60), 2);
        span[6] = (byte)':';
        Digits(span[7..], (int)(seconds % 60), 2);
        var n = 9;
        if (fraction != 0)
        {
            span[9] = (byte)'.';
            Digits(span[10..], fraction, 6);
            n = 16;
            while (span[n - 1] == '0')
            {
                n--;
            }
        }

        _length += n;
    }

    private static void Digits(Span<byte> span, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    public void Flush()
    {
        if (_length > 0)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }
    }

    public void Dispose()
    {
        Flush();
        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
