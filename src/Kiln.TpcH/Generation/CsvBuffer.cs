using System.Buffers;
using System.Buffers.Text;

namespace Kiln.TpcH.Generation;

/// <summary>
/// A growable UTF-8 buffer that formats one chunk of CSV rows: integers, money with two decimals, ISO dates and
/// text, quoted (with doubled quotes) when it holds a comma, a quote, a line break or leading or trailing spaces.
/// </summary>
/// <remarks>Owned by one thread; <see cref="Dispose"/> returns the array to the shared pool.</remarks>
internal sealed class CsvBuffer : IDisposable
{
    private byte[] _bytes;
    private int _length;
    private bool _firstField = true;

    public CsvBuffer(int capacity) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _length);

    public void Int(long value)
    {
        Separator(20);
        Utf8Formatter.TryFormat(value, _bytes.AsSpan(_length), out var written);
        _length += written;
    }

    /// <summary>A money value given in cents, written as <c>-12.34</c>.</summary>
    public void Cents(long cents)
    {
        Separator(24);
        if (cents < 0)
        {
            _bytes[_length++] = (byte)'-';
            cents = -cents;
        }

        Utf8Formatter.TryFormat(cents / 100, _bytes.AsSpan(_length), out var written);
        _length += written;
        var fraction = (int)(cents % 100);
        _bytes[_length++] = (byte)'.';
        _bytes[_length++] = (byte)('0' + (fraction / 10));
        _bytes[_length++] = (byte)('0' + (fraction % 10));
    }

    /// <summary>A date given as days since 1992-01-01.</summary>
    public void Date(int day) => Raw(TpchDates.Iso(day));

    /// <summary>Text known to need no quoting (keys, names, fixed vocabulary).</summary>
    public void Raw(ReadOnlySpan<byte> text)
    {
        Separator(text.Length);
        text.CopyTo(_bytes.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>A prefix and a zero-padded nine-digit number, as in <c>Customer#000000042</c>.</summary>
    public void Numbered(ReadOnlySpan<byte> prefix, long number)
    {
        Separator(prefix.Length + 20);
        prefix.CopyTo(_bytes.AsSpan(_length));
        _length += prefix.Length;
        Utf8Formatter.TryFormat(number, _bytes.AsSpan(_length), out var written, new StandardFormat('D', 9));
        _length += written;
    }

    /// <summary>Free text, quoted when needed.</summary>
    public void Text(ReadOnlySpan<byte> text)
    {
        if (!NeedsQuotes(text))
        {
            Raw(text);
            return;
        }

        Separator((text.Length * 2) + 2);
        _bytes[_length++] = (byte)'"';
        foreach (var b in text)
        {
            if (b == '"')
            {
                _bytes[_length++] = (byte)'"';
            }

            _bytes[_length++] = b;
        }

        _bytes[_length++] = (byte)'"';
    }

    public void EndRow()
    {
        Ensure(1);
        _bytes[_length++] = (byte)'\n';
        _firstField = true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    private static bool NeedsQuotes(ReadOnlySpan<byte> text) =>
        text.Length > 0 && (text[0] == ' ' || text[^1] == ' ' || text.IndexOfAny((byte)',', (byte)'"', (byte)'\n') >= 0 || text.IndexOf((byte)'\r') >= 0);

    private void Separator(int need)
    {
        Ensure(need + 1);
        if (!_firstField)
        {
            _bytes[_length++] = (byte)',';
        }

        _firstField = false;
    }

    private void Ensure(int need)
    {
        if (_length + need <= _bytes.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + need));
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bigger;
    }
}
