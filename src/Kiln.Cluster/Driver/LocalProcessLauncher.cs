using System.Diagnostics;
using System.Globalization;
using Kiln.Cluster.Executor;
using Kiln.Scheduler.Backends;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Starts executors as processes on this machine (<c>local-cluster[E,C,M]</c>): <c>kiln executor --driver ...</c>
/// with the application secret in the environment (never on the command line) and the .NET GC heap capped at the
/// executor's memory (<c>DOTNET_GCHeapHardLimit</c>). Each process's output is kept (last lines) for error messages
/// and, given an <see cref="IExecutorLogSink"/>, whole in the application's executor logs (stdout and stderr apart).
/// Executors keep their files under <c>localDir/APP-ID/executor-N</c> and listen on <c>host</c>.
/// </summary>
public sealed class LocalProcessLauncher : IExecutorLauncher
{
    private const int TailLines = 40;

    private readonly ExecutorCommandLine _command;
    private readonly string _localDir;
    private readonly string _host;
    private readonly IExecutorLogSink? _logs;

    /// <param name="logs">Where each executor's whole output is kept; null: only the last lines, for messages.</param>
    public LocalProcessLauncher(ExecutorCommandLine command, string localDir, string host = "127.0.0.1", IExecutorLogSink? logs = null)
    {
        _logs = logs;
        _command = command ?? throw new ArgumentNullException(nameof(command));
        _localDir = localDir ?? throw new ArgumentNullException(nameof(localDir));
        _host = host ?? throw new ArgumentNullException(nameof(host));
    }

    public ValueTask<IExecutorHandle> LaunchAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Launch(spec));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IExecutorHandle Launch(ExecutorLaunchSpec spec)
    {
        var directory = Path.Combine(_localDir, spec.AppId, ExecutorOptions.DirectoryName(spec.ExecutorId));
        var tlsFiles = spec.Tls?.WriteTo(Path.Combine(directory, "tls"));
        var start = new ProcessStartInfo(_command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var a in _command.LeadingArguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var a in spec.Arguments(_localDir, _host, tlsFiles))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[ExecutorOptions.SecretVariable] = spec.Secret.Text;
        start.Environment["DOTNET_GCHeapHardLimit"] = ((long)spec.MemoryMiB << 20).ToString("X", CultureInfo.InvariantCulture);
        var tail = new OutputTail(TailLines);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var stdout = _logs?.Open(spec.ExecutorId, "stdout");
        var stderr = _logs?.Open(spec.ExecutorId, "stderr");
        process.OutputDataReceived += (_, e) => Received(e.Data, tail, stdout);
        process.ErrorDataReceived += (_, e) => Received(e.Data, tail, stderr);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            stdout?.Dispose();
            stderr?.Dispose();
            process.Dispose();
            throw new ExecutorStartException(spec.ExecutorId, $"cannot run {_command.FileName}: {e.Message}", [], e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Handle(process, tail, directory);
    }

    /// <summary>One line of output, or (null) the end of the stream: the log file is closed then.</summary>
    private static void Received(string? line, OutputTail tail, IExecutorLog? log)
    {
        tail.Add(line);
        if (line is null)
        {
            log?.Dispose();
        }
        else
        {
            log?.Append(line);
        }
    }

    private sealed class Handle : IExecutorHandle
    {
        private readonly Process _process;
        private readonly OutputTail _tail;
        private readonly string _directory;
        private int _disposed;

        public Handle(Process process, OutputTail tail, string directory)
        {
            _process = process;
            _tail = tail;
            _directory = directory;
            Description = $"pid {process.Id}";
            Exited = WaitAsync();
        }

        public string Description { get; }

        public Task<ExecutorExit> Exited { get; }

        public IReadOnlyList<string> OutputTail() => _tail.Lines();

        public void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            Kill();
            await Exited.ConfigureAwait(false);
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
            }
        }

        private async Task<ExecutorExit> WaitAsync()
        {
            await _process.WaitForExitAsync().ConfigureAwait(false);
            return ExecutorExit.FromProcessCode(_process.ExitCode);
        }
    }
}
