namespace Kiln.Cluster.Driver;

/// <summary>
/// The handle of an executor whose launch is still under way (<see cref="IExecutorLauncher.LaunchAsync"/> runs off the
/// backend's event loop): it forwards to the launcher's handle once there is one. A launch that fails ends the
/// executor with reason <c>StartError</c> and the launcher's message; a kill before the launch completes cancels it and
/// kills what it started.
/// </summary>
internal sealed class LaunchingHandle : IExecutorHandle
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task<IExecutorHandle?> _launch;
    private volatile IExecutorHandle? _inner;
    private volatile bool _killed;
    private int _disposed;

    public LaunchingHandle(IExecutorLauncher launcher, ExecutorLaunchSpec spec)
    {
        _launch = LaunchAsync(launcher, spec);
        Exited = WaitAsync();
    }

    public string Description => _inner?.Description ?? (_launch.IsFaulted ? "not started" : "starting");

    public Task<ExecutorExit> Exited { get; }

    public IReadOnlyList<string> OutputTail() => _inner?.OutputTail() ?? (_launch.Exception?.InnerException is ExecutorStartException e ? e.OutputTail : []);

    public void Kill()
    {
        _killed = true;
        _inner?.Kill();
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        IExecutorHandle? inner;
        try
        {
            inner = await _launch.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The launch was cancelled by the kill above (a replacement still pending at shutdown) or had failed,
            // which WaitAsync reports as the executor's exit: there is no executor to dispose of.
            inner = null;
        }

        if (inner is not null)
        {
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        _cancel.Dispose();
    }

    private async Task<IExecutorHandle?> LaunchAsync(IExecutorLauncher launcher, ExecutorLaunchSpec spec)
    {
        await Task.Yield();
        var handle = await launcher.LaunchAsync(spec, _cancel.Token).ConfigureAwait(false);
        _inner = handle;
        if (_killed)
        {
            handle.Kill();
        }

        return handle;
    }

    private async Task<ExecutorExit> WaitAsync()
    {
        IExecutorHandle? inner;
        try
        {
            inner = await _launch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return new ExecutorExit(null, null, "Killed", "it was stopped before it started");
        }
        catch (ExecutorStartException e)
        {
            return new ExecutorExit(null, null, "StartError", e.Problem) { FailsApplication = e.FailsApplication };
        }
        catch (Exception e)
        {
            return new ExecutorExit(null, null, "StartError", e.Message);
        }

        return await inner!.Exited.ConfigureAwait(false);
    }
}
