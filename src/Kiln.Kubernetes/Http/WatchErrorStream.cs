using System.Net;
using System.Text;
using System.Text.Json;

namespace Kiln.Kubernetes.Http;

/// <summary>
/// The body of a watch response, handed on a whole line at a time. A line that is an ERROR event is not
/// handed on: reading it throws the typed exception for the Status it carries (410:
/// <see cref="KubernetesGoneException"/>), so every watch reader sees the error as an exception.
/// </summary>
/// <remarks>Read by one reader at a time, as any stream.</remarks>
internal sealed class WatchErrorStream(Stream inner, IDisposable owner, KubernetesRequestInfo info) : Stream
{
    private static readonly byte[] ErrorType = "\"ERROR\""u8.ToArray();
    private readonly MemoryStream _pending = new();
    private byte[] _ready = [];
    private int _readyOffset;
    private bool _ended;
    private KubernetesApiException? _error;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_readyOffset >= _ready.Length)
        {
            if (_error is not null)
            {
                throw _error;
            }

            if (_ended)
            {
                return 0;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _ready.Length - _readyOffset);
        _ready.AsMemory(_readyOffset, n).CopyTo(buffer);
        _readyOffset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner.Dispose();
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads until at least one complete line (or the end) is ready.</summary>
    private async Task FillAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        while (true)
        {
            var read = await inner.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _ended = true;
                var rest = _pending.ToArray();
                _pending.SetLength(0);
                _error = ErrorOf(rest);
                _ready = _error is null ? rest : [];
                _readyOffset = 0;
                return;
            }

            var newline = Array.LastIndexOf(chunk, (byte)'\n', read - 1, read);
            if (newline < 0)
            {
                _pending.Write(chunk, 0, read);
                continue;
            }

            _pending.Write(chunk, 0, newline + 1);
            var lines = _pending.ToArray();
            _pending.SetLength(0);
            _pending.Write(chunk, newline + 1, read - newline - 1);
            var good = 0;
            foreach (var (start, end) in Lines(lines))
            {
                if (ErrorOf(lines[start..end]) is { } error)
                {
                    // Hand on the events before the error; the next read throws it.
                    _error = error;
                    break;
                }

                good = Math.Min(lines.Length, end + 1);
            }

            _ready = lines[..good];
            _readyOffset = 0;
            return;
        }
    }

    /// <summary>The [start, end) ranges of the newline-terminated lines in <paramref name="bytes"/>.</summary>
    private static IEnumerable<(int Start, int End)> Lines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                yield return (start, i);
                start = i + 1;
            }
        }
    }

    private KubernetesApiException? ErrorOf(byte[] line)
    {
        if (line.AsSpan().IndexOf(ErrorType) < 0)
        {
            return null;
        }

        string? raw;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (!doc.RootElement.TryGetProperty("type", out var type) || type.GetString() != "ERROR")
            {
                return null;
            }

            raw = doc.RootElement.TryGetProperty("object", out var obj) ? obj.GetRawText() : null;
        }
        catch (JsonException)
        {
            return null;
        }

        var status = KubernetesStatus.TryParse(raw);
        var code = (HttpStatusCode)(status?.Code ?? 500);
        return KubernetesApiException.Create(code, status, raw ?? Encoding.UTF8.GetString(line), info);
    }
}
