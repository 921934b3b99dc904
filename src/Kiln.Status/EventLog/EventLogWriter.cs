using System.IO.Compression;
using Kiln.Scheduler.Events;

namespace Kiln.Status.EventLog;

/// <summary>
/// Writes an application's listener events as JSON lines (<see cref="EventJson"/>) into its event log
/// (<see cref="EventLogFiles"/> names the files). The log ends in <c>.inprogress</c> until <see cref="Dispose"/>
/// renames it; the file is flushed whenever the bus's queue runs empty (at most every batch delay while events keep coming), so after a driver crash it holds every event
/// up to the last burst, and readers skip a half-written last line.
/// </summary>
/// <remarks>A bus sink: called on the bus's dispatch thread only. An I/O failure stops the log (counted in <see cref="Failed"/>), never the application.</remarks>
public sealed class EventLogWriter : IListenerEventSink, IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly EventLogOptions _options;
    private readonly string _appId;
    private readonly string? _rollingDir;
    private readonly System.Buffers.ArrayBufferWriter<byte> _line = new(1024);
    private readonly System.Text.Json.Utf8JsonWriter _json;
    private FileStream? _file;
    private Stream? _stream;
    private long _partBytes;
    private int _part;

    public EventLogWriter(EventLogOptions options, string appId)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _appId = appId;
        _json = new System.Text.Json.Utf8JsonWriter(_line, EventJson.WriterOptions);
        Directory.CreateDirectory(options.Dir);
        if (options.Rolling)
        {
            _rollingDir = EventLogFiles.RollingDir(options.Dir, appId);
            Directory.CreateDirectory(_rollingDir);
            File.WriteAllBytes(EventLogFiles.StatusMarker(_rollingDir, appId, inProgress: true), []);
            Path = _rollingDir;
        }
        else
        {
            Path = EventLogFiles.SingleFile(options.Dir, appId, options.Compress);
        }

        OpenNextPart();
    }

    /// <summary>The log as the history server finds it: the <c>.inprogress</c> file, or the rolling folder.</summary>
    public string Path { get; private set; }

    /// <summary>True once writing failed; later events are not written.</summary>
    public bool Failed { get; private set; }

    public void OnEvent(ListenerEvent listenerEvent)
    {
        // Executors' heartbeat counters are frequent and only their latest value matters (Spark does not log them either).
        if (_stream is null || Failed || listenerEvent is ExecutorMetricsUpdated)
        {
            return;
        }

        try
        {
            _line.ResetWrittenCount();
            _json.Reset(_line);
            EventJson.Write(_json, listenerEvent);
            _json.Flush();
            var line = _line.WrittenSpan;
            if (_rollingDir is not null && _partBytes > 0 && _partBytes + line.Length + 1 > _options.MaxFileSize)
            {
                CloseStream();
                OpenNextPart();
            }

            _stream!.Write(line);
            _stream.Write(NewLine);
            _partBytes += line.Length + 1;
        }
        catch (IOException)
        {
            Failed = true;
        }
    }

    public void OnQueueDrained()
    {
        if (_stream is null || Failed)
        {
            return;
        }

        try
        {
            _stream.Flush();
            _file!.Flush();
        }
        catch (IOException)
        {
            Failed = true;
        }
    }

    private void OpenNextPart()
    {
        _part++;
        var path = _rollingDir is null ? Path : EventLogFiles.RollingPart(_rollingDir, _appId, _part, _options.Compress);
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _stream = _options.Compress ? new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true) : _file;
        _partBytes = 0;
    }

    private void CloseStream()
    {
        if (_stream != _file)
        {
            _stream?.Dispose();
        }

        _file?.Dispose();
        _stream = null;
        _file = null;
    }

    /// <summary>Closes the log and marks it complete (drop <c>.inprogress</c>). Call after the bus delivered the last event.</summary>
    public void Dispose()
    {
        _json.Dispose();
        try
        {
            CloseStream();
            if (_rollingDir is not null)
            {
                File.Move(EventLogFiles.StatusMarker(_rollingDir, _appId, inProgress: true), EventLogFiles.StatusMarker(_rollingDir, _appId, inProgress: false), overwrite: true);
            }
            else
            {
                var done = Path[..^EventLogFiles.InProgressSuffix.Length];
                File.Move(Path, done, overwrite: true);
                Path = done;
            }
        }
        catch (IOException)
        {
            Failed = true;
        }
    }
}
