using Microsoft.Win32.SafeHandles;

namespace Kiln.DataSources.Files;

/// <summary>
/// Cuts the records of one <see cref="FileSplit"/> out of large blocks of the file, handing out byte spans without
/// copying or decoding. Records end at <c>\n</c> (a preceding <c>\r</c> is dropped); in quote-aware mode a line
/// break between quotes does not end a record. A UTF-8 byte order mark at the start of the file is skipped.
/// </summary>
/// <remarks>
/// Split ownership: a record belongs to the split holding its first byte. A split that does not start at 0 looks at
/// the byte before its start: when it is <c>\n</c>, a record starts exactly at the split start; otherwise the
/// partial record is skipped up to the next line start. The last record is read to its end even past the split.
/// A span returned by <see cref="TryRead"/> is valid until the next call. Not thread-safe.
/// </remarks>
internal sealed class RecordSource : IDisposable
{
    private const int BlockSize = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly long _splitEnd;
    private readonly bool _quoteAware;
    private readonly byte _quote;
    private readonly byte _escape;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferFileOffset;
    private long _readOffset;
    private bool _eof;
    private bool _done;
    private long _firstRecordOffset = -1;
    private long _linesBeforeSplit = -1;
    private long _linesConsumed;
    private long _recordLineIndex;

    public RecordSource(FileSplit split, bool quoteAware = false, byte quote = (byte)'"', byte escape = (byte)'"', int blockSize = BlockSize)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (quoteAware && split.Start != 0)
        {
            throw new ArgumentException("multi-line records cannot be read from a split that does not start the file; plan one split per file", nameof(split));
        }

        Split = split;
        _quoteAware = quoteAware;
        _quote = quote;
        _escape = escape;
        _splitEnd = split.End;
        _buffer = new byte[Math.Max(16, (int)Math.Min(blockSize, Math.Max(split.Length + 4096, 16)))];
        _handle = File.OpenHandle(split.Path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        if (split.Start > 0)
        {
            _readOffset = _bufferFileOffset = split.Start - 1;
            SkipPartialRecord();
        }
    }

    public FileSplit Split { get; }

    /// <summary>File offset of the first byte of the last record returned.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The 1-based physical line in the file where the last returned record starts.</summary>
    public long RecordLine => LinesBeforeSplit() + _recordLineIndex + 1;

    public bool TryRead(out ReadOnlySpan<byte> record)
    {
        record = default;
        if (_done)
        {
            return false;
        }

        var offset = _bufferFileOffset + _pos;
        if (offset >= _splitEnd)
        {
            _done = true;
            return false;
        }

        if (_firstRecordOffset < 0)
        {
            _firstRecordOffset = offset;
        }

        var searched = 0;
        var embedded = 0;
        int newline;
        while (true)
        {
            newline = _quoteAware ? FindQuotedEnd(out embedded) : FindNewline(searched);
            if (newline >= 0 || _eof)
            {
                break;
            }

            searched = _end - _pos;
            Fill();
        }

        int end;
        if (newline < 0)
        {
            if (_pos == _end)
            {
                _done = true;
                return false;
            }

            end = _end;
            newline = _end - 1;
            _done = true;
        }
        else
        {
            end = newline;
        }

        var start = _pos;
        RecordOffset = _bufferFileOffset + start;
        _pos = newline + 1;
        _recordLineIndex = _linesConsumed;
        _linesConsumed += 1 + embedded;
        if (end > start && _buffer[end - 1] == '\r')
        {
            end--;
        }

        if (RecordOffset == 0 && end - start >= 3 && _buffer[start] == 0xEF && _buffer[start + 1] == 0xBB && _buffer[start + 2] == 0xBF)
        {
            start += 3;
        }

        record = _buffer.AsSpan(start, end - start);
        return true;
    }

    private int FindNewline(int searched)
    {
        var i = _buffer.AsSpan(_pos + searched, _end - _pos - searched).IndexOf((byte)'\n');
        return i < 0 ? -1 : _pos + searched + i;
    }

    private int FindQuotedEnd(out int embedded)
    {
        embedded = 0;
        var span = _buffer.AsSpan(0, _end);
        var i = _pos;
        while (i < span.Length)
        {
            var j = span[i..].IndexOfAny(_quote, (byte)'\n');
            if (j < 0)
            {
                return -1;
            }

            i += j;
            if (span[i] == '\n')
            {
                return i;
            }

            i++;
            while (true)
            {
                var k = _escape == _quote ? span[i..].IndexOf(_quote) : span[i..].IndexOfAny(_quote, _escape);
                if (k < 0)
                {
                    return -1;
                }

                embedded += span.Slice(i, k).Count((byte)'\n');
                i += k;
                if (span[i] == _quote)
                {
                    i++;
                    break;
                }

                i += 2;
                if (i > span.Length)
                {
                    return -1;
                }
            }
        }

        return -1;
    }

    private void SkipPartialRecord()
    {
        var searched = 0;
        while (true)
        {
            var nl = FindNewline(searched);
            if (nl >= 0)
            {
                _pos = nl + 1;
                return;
            }

            if (_eof)
            {
                _pos = _end;
                _done = true;
                return;
            }

            searched = _end - _pos;
            Fill();
        }
    }

    private void Fill()
    {
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _bufferFileOffset += _pos;
            _end -= _pos;
            _pos = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = RandomAccess.Read(_handle, _buffer.AsSpan(_end), _readOffset);
        _readOffset += n;
        _end += n;
        _eof = n == 0;
    }

    private long LinesBeforeSplit()
    {
        if (_linesBeforeSplit >= 0)
        {
            return _linesBeforeSplit;
        }

        var limit = _firstRecordOffset < 0 ? Split.Start : _firstRecordOffset;
        var block = new byte[1 << 16];
        long count = 0;
        for (long offset = 0; offset < limit;)
        {
            var n = RandomAccess.Read(_handle, block.AsSpan(0, (int)Math.Min(block.Length, limit - offset)), offset);
            if (n == 0)
            {
                break;
            }

            count += block.AsSpan(0, n).Count((byte)'\n');
            offset += n;
        }

        return _linesBeforeSplit = count;
    }

    public void Dispose() => _handle.Dispose();
}
