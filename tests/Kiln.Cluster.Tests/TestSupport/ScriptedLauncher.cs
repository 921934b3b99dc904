using System.Collections.Concurrent;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Executor;
using Kiln.Common.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>What a <see cref="ScriptedLauncher"/> does with one launch.</summary>
public enum LaunchScript
{
    /// <summary>Runs a real executor in this process; it registers over the network and heartbeats.</summary>
    Register,

    /// <summary>Starts nothing: the executor never registers and ends only when killed (a pod stuck pending).</summary>
    NeverRegister,

    /// <summary>The executor ends at once with exit code 1 and some output (a crash at start).</summary>
    Crash,

    /// <summary>The executor ends at once with an exit that fails the application (nothing can start).</summary>
    Fatal,
}

/// <summary>
/// A launcher that does, launch by launch, what a test scripts: real in-process executors (the same runtime as
/// <c>kiln executor</c>, over real sockets) or executors that never come up or crash, so the cluster backend's
/// lifecycle can be driven on a fake clock without processes or pods. Records every launch and kill.
/// </summary>
public sealed class ScriptedLauncher : IExecutorLauncher
{
    private readonly Func<int, LaunchScript> _script;
    private readonly string _localDir;
    private readonly ConcurrentQueue<Handle> _handles = new();
    private int _launches;

    /// <param name="script">What launch number N (0, 1, ...) does.</param>
    /// <param name="localDir">Where in-process executors keep their files.</param>
    public ScriptedLauncher(Func<int, LaunchScript> script, string localDir)
    {
        _script = script;
        _localDir = localDir;
    }

    public int Launches => Volatile.Read(ref _launches);

    /// <summary>The ids of the executors killed by the backend, in order.</summary>
    public IReadOnlyList<string> Killed => _handles.Where(h => h.WasKilled).Select(h => h.Id).ToArray();

    public bool Disposed { get; private set; }

    public ValueTask<IExecutorHandle> LaunchAsync(ExecutorLaunchSpec spec, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _launches) - 1;
        var handle = new Handle(spec.ExecutorId);
        _handles.Enqueue(handle);
        switch (_script(n))
        {
            case LaunchScript.Register:
                handle.Run(spec, _localDir);
                break;
            case LaunchScript.Crash:
                handle.End(ExecutorExit.FromProcessCode(1), "Unhandled exception. System.InvalidOperationException: no such file");
                break;
            case LaunchScript.Fatal:
                handle.End(new ExecutorExit(null, null, "ErrImagePull", "the image kiln:missing cannot be pulled; set kiln.kubernetes.container.image") { FailsApplication = true });
                break;
        }

        return ValueTask.FromResult<IExecutorHandle>(handle);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
        {
            await handle.DisposeAsync();
        }

        Disposed = true;
    }

    private sealed class Handle : IExecutorHandle
    {
        private readonly TaskCompletionSource<ExecutorExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _kill = new();
        private readonly List<string> _output = [];
        private Task _run = Task.CompletedTask;

        public Handle(string id) => Id = id;

        public string Id { get; }

        public bool WasKilled { get; private set; }

        public string Description => $"scripted executor {Id}";

        public Task<ExecutorExit> Exited => _exited.Task;

        public IReadOnlyList<string> OutputTail()
        {
            lock (_output)
            {
                return [.. _output];
            }
        }

        public void Run(ExecutorLaunchSpec spec, string localDir)
        {
            var conf = new KilnConf();
            foreach (var (key, value) in spec.Conf)
            {
                conf.Set(key, value);
            }

            var options = new ExecutorOptions
            {
                Driver = spec.Driver,
                ExecutorId = spec.ExecutorId,
                Cores = spec.Cores,
                MemoryMiB = spec.MemoryMiB,
                AppId = spec.AppId,
                LocalDir = localDir,
                Secret = spec.Secret,
                Conf = conf,
            };
            _run = Task.Run(async () =>
            {
                var code = await ExecutorProcess.RunAsync(options, NullLoggerFactory.Instance, _kill.Token);
                _exited.TrySetResult(WasKilled ? new ExecutorExit(null, 9, null, null) : ExecutorExit.FromProcessCode(code));
            });
        }

        public void End(ExecutorExit exit, string output = "")
        {
            lock (_output)
            {
                if (output.Length > 0)
                {
                    _output.Add(output);
                }
            }

            _exited.TrySetResult(exit);
        }

        public void Kill()
        {
            if (_exited.Task.IsCompleted)
            {
                return;
            }

            WasKilled = true;
            _kill.Cancel();
            if (_run.IsCompleted)
            {
                _exited.TrySetResult(new ExecutorExit(null, 9, null, null));
            }
        }

        public async ValueTask DisposeAsync()
        {
            Kill();
            await _run;
        }
    }
}
