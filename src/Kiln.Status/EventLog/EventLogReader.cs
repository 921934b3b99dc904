using System.IO.Compression;
using Kiln.Scheduler.Events;

namespace Kiln.Status.EventLog;

/// <summary>
/// Reads event logs back, tolerating what a crash or a disk leaves: a half-written last line is left for later (the
/// writer may still be writing it), a line that is not a known event is skipped and counted, a compressed file cut
/// short ends where its data ends. Uncompressed parts are read from where the last read stopped, so a growing log is
/// loaded incrementally.
/// </summary>
public sealed class EventLogReader
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, DateTime Written)> _compressedSeen = new(StringComparer.Ordinal);

    public EventLogReader(string log)
    {
        Log = log;
    }

    /// <summary>The log: a single file or a rolling folder.</summary>
    public string Log { get; }

    /// <summary>Lines that were not events (corrupt or unknown), skipped.</summary>
    public int CorruptLines { get; private set; }

    /// <summary>True when the last read ended in an incomplete line or a cut-off compressed stream.</summary>
    public bool Truncated { get; private set; }

    /// <summary>True when a compressed part changed since it was read: its events must be read again from the start (<see cref="Reset"/>).</summary>
    public bool NeedsRebuild { get; private set; }

    public void Reset()
    {
        _offsets.Clear();
        _compressedSeen.Clear();
        CorruptLines = 0;
        NeedsRebuild = false;
    }

    /// <summary>Reads the events appended since the previous call (all of them the first time), in order.</summary>
    public IReadOnlyList<ListenerEvent> ReadNew()
    {
        var events = new List<ListenerEvent>();
        Truncated = false;
        foreach (var part in EventLogFiles.Parts(Log))
        {
            try
            {
                if (EventLogFiles.IsCompressed(part))
                {
                    ReadCompressed(part, events);
                }
                else
                {
                    ReadPlain(part, events);
                }
            }
            catch (FileNotFoundException)
            {
                // Renamed from .inprogress meanwhile: the next read finds it under its final name.
            }
        }

        return events;
    }

    private void ReadPlain(string part, List<ListenerEvent> events)
    {
        using var file = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var key = PartKey(part);
        var offset = _offsets.GetValueOrDefault(key);
        if (file.Length < offset)
        {
            NeedsRebuild = true;
            return;
        }

        file.Position = offset;
        var consumed = ReadLines(file, events);
        _offsets[key] = offset + consumed;
    }

    private void ReadCompressed(string part, List<ListenerEvent> events)
    {
        var info = new FileInfo(part);
        var key = PartKey(part);
        var stamp = (info.Length, info.LastWriteTimeUtc);
        if (_compressedSeen.TryGetValue(key, out var seen))
        {
            NeedsRebuild |= seen != stamp;
            return;
        }

        using var file = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            var read = ReadLines(gzip, events);

            // A gzip stream cut off between deflate blocks can decompress without an error and end at a line break, so
            // a finished part is also checked against its trailer, whose last 4 bytes are the decompressed size mod 2^32.
            Truncated |= !part.EndsWith(EventLogFiles.InProgressSuffix, StringComparison.Ordinal) && !MatchesGzipTrailer(file, read);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            Truncated = true;
        }

        _compressedSeen[key] = stamp;
    }

    /// <summary>Parses complete lines; returns the bytes consumed (up to the end of the last complete line).</summary>
    private long ReadLines(Stream stream, List<ListenerEvent> events)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 << 10];
        long consumed = 0;
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            buffer.Write(chunk, 0, n);
            var data = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            var start = 0;
            int newline;
            while ((newline = data[start..].IndexOf((byte)'\n')) >= 0)
            {
                var line = data.Slice(start, newline);
                if (!line.IsEmpty)
                {
                    if (EventJson.Parse(line) is { } e)
                    {
                        events.Add(e);
                    }
                    else
                    {
                        CorruptLines++;
                    }
                }

                start += newline + 1;
            }

            consumed += start;
            var rest = data[start..].ToArray();
            buffer.SetLength(0);
            buffer.Write(rest);
        }

        Truncated |= buffer.Length > 0;
        return consumed;
    }

    private static bool MatchesGzipTrailer(FileStream file, long decompressedBytes)
    {
        if (file.Length < 18)
        {
            return false;
        }

        Span<byte> size = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(size);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size) == unchecked((uint)decompressedBytes);
    }

    /// <summary>A part's identity across its rename from .inprogress.</summary>
    private static string PartKey(string part) => part.EndsWith(EventLogFiles.InProgressSuffix, StringComparison.Ordinal)
        ? part[..^EventLogFiles.InProgressSuffix.Length]
        : part;
}
