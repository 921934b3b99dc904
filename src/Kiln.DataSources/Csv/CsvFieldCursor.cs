namespace Kiln.DataSources.Csv;

/// <summary>
/// Walks the fields of one CSV record in place. Unquoted fields are slices of the record; quoted fields with escaped
/// quotes are unescaped into the shared scratch buffer (valid until the next field).
/// </summary>
internal ref struct CsvFieldCursor
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly byte _delimiter;
    private readonly byte _quote;
    private readonly byte _escape;
    private readonly CsvScratch _scratch;
    private int _pos;
    private bool _finished;

    public CsvFieldCursor(ReadOnlySpan<byte> record, byte delimiter, byte quote, byte escape, CsvScratch scratch)
    {
        _record = record;
        _delimiter = delimiter;
        _quote = quote;
        _escape = escape;
        _scratch = scratch;
    }

    /// <summary>Moves to the next field. <paramref name="wellFormed"/> is false for an unterminated quote or text after a closing quote.</summary>
    public bool MoveNext(out ReadOnlySpan<byte> value, out bool quoted, out bool wellFormed)
    {
        wellFormed = true;
        quoted = false;
        if (_finished)
        {
            value = default;
            return false;
        }

        var rec = _record;
        var pos = _pos;
        if (pos < rec.Length && rec[pos] == _quote)
        {
            quoted = true;
            return ReadQuoted(out value, out wellFormed);
        }

        var idx = rec[pos..].IndexOf(_delimiter);
        if (idx < 0)
        {
            value = rec[pos..];
            _finished = true;
        }
        else
        {
            value = rec.Slice(pos, idx);
            _pos = pos + idx + 1;
        }

        return true;
    }

    /// <summary>How many fields are left, without reading them when the rest holds no quote.</summary>
    public int CountRemaining()
    {
        if (_finished)
        {
            return 0;
        }

        var rest = _record[_pos..];
        if (rest.IndexOf(_quote) < 0)
        {
            _finished = true;
            return rest.Count(_delimiter) + 1;
        }

        var n = 0;
        while (MoveNext(out _, out _, out _))
        {
            n++;
        }

        return n;
    }

    private bool ReadQuoted(out ReadOnlySpan<byte> value, out bool wellFormed)
    {
        var rec = _record;
        var start = _pos + 1;
        var i = start;
        var escaped = false;
        while (true)
        {
            var k = _escape == _quote ? rec[i..].IndexOf(_quote) : rec[i..].IndexOfAny(_quote, _escape);
            if (k < 0)
            {
                value = Unescape(rec[start..], escaped);
                wellFormed = false;
                _finished = true;
                return true;
            }

            i += k;
            if (rec[i] == _escape && i + 1 < rec.Length && (rec[i + 1] == _quote || rec[i + 1] == _escape) && (_escape != _quote || rec[i + 1] == _quote))
            {
                escaped = true;
                i += 2;
                continue;
            }

            if (rec[i] != _quote)
            {
                i++;
                continue;
            }

            break;
        }

        value = Unescape(rec[start..i], escaped);
        var after = i + 1;
        wellFormed = true;
        if (after >= rec.Length)
        {
            _finished = true;
        }
        else if (rec[after] == _delimiter)
        {
            _pos = after + 1;
        }
        else
        {
            wellFormed = false;
            var d = rec[after..].IndexOf(_delimiter);
            if (d < 0)
            {
                _finished = true;
            }
            else
            {
                _pos = after + d + 1;
            }
        }

        return true;
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return raw;
        }

        var buffer = _scratch.Rent(raw.Length);
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == _escape && i + 1 < raw.Length && (raw[i + 1] == _quote || raw[i + 1] == _escape))
            {
                b = raw[++i];
            }

            buffer[n++] = b;
        }

        return buffer.AsSpan(0, n);
    }
}
