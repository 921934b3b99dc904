using System.Text;
using Kiln.Scheduler.Backends;

namespace Kiln.Status.ExecutorLogs;

/// <summary>
/// Keeps every executor's output as files beside the application's event log, where the live UI and the history
/// server read them after the executor (process or pod) is gone:
/// <code>
///   EVENTLOGDIR/APPID.logs/executor-ID.stdout
///   EVENTLOGDIR/APPID.logs/executor-ID.stderr
/// </code>
/// Each file stops growing at a maximum size (a last line says so), so a chatty executor cannot fill the disk.
/// </summary>
public sealed class ExecutorLogFiles : IExecutorLogSink
{
    public const string DirectorySuffix = ".logs";
    public static readonly IReadOnlyList<string> Streams = ["stdout", "stderr"];

    private readonly long _maxFileSize;

    /// <param name="directory">The application's log folder (<see cref="DirectoryFor"/>).</param>
    /// <param name="maxFileSize">Bytes after which a file takes no more lines.</param>
    public ExecutorLogFiles(string directory, long maxFileSize)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory = directory;
        _maxFileSize = maxFileSize;
    }

    /// <summary>The folder holding this application's executor logs.</summary>
    public string Directory { get; }

    /// <summary>The folder of application <paramref name="appId"/>'s executor logs in an event log directory.</summary>
    public static string DirectoryFor(string eventLogDir, string appId) => Path.Combine(eventLogDir, appId + DirectorySuffix);

    /// <summary>The file of one stream of one executor; null when the stream or id is not one Kiln writes.</summary>
    public static string? FileFor(string directory, string executorId, string stream)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Streams.Contains(stream) || executorId.Length == 0 || !executorId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        return Path.Combine(directory, $"executor-{executorId}.{stream}");
    }

    public IExecutorLog Open(string executorId, string stream)
    {
        var path = FileFor(Directory, executorId, stream) ?? throw new ArgumentException($"no log file for executor '{executorId}' stream '{stream}'", nameof(executorId));
        System.IO.Directory.CreateDirectory(Directory);
        return new FileLog(path, _maxFileSize);
    }

    /// <summary>The last <paramref name="maxBytes"/> of a log file and its whole length; null when there is no such file.</summary>
    public static (string Text, long Length)? ReadTail(string path, int maxBytes)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            var start = Math.Max(0, length - maxBytes);
            file.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[length - start];
            file.ReadExactly(buffer);
            return (Encoding.UTF8.GetString(buffer), length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One file, appended to line by line and flushed at once.</summary>
    private sealed class FileLog : IExecutorLog
    {
        private readonly Lock _gate = new();
        private readonly long _maxSize;
        private FileStream? _file;
        private bool _full;

        public FileLog(string path, long maxSize)
        {
            _maxSize = maxSize;
            _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }

        public void Append(string line)
        {
            ArgumentNullException.ThrowIfNull(line);
            lock (_gate)
            {
                if (_file is null || _full)
                {
                    return;
                }

                try
                {
                    var bytes = Encoding.UTF8.GetBytes(line + "\n");
                    if (_file.Length + bytes.Length > _maxSize)
                    {
                        _full = true;
                        bytes = Encoding.UTF8.GetBytes($"[kiln: this log reached kiln.executor.logs.maxFileSize ({_maxSize} bytes); later lines are not kept]\n");
                    }

                    _file.Write(bytes);
                    _file.Flush();
                }
                catch (IOException)
                {
                    // A full or failing disk: the executor goes on, its log stops.
                    _full = true;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _file?.Dispose();
                _file = null;
            }
        }
    }
}
