using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Tests.Unit;

/// <summary>A handle for roster and placement tests, which never start anything: it ends only when killed.</summary>
internal sealed class IdleHandle : IExecutorHandle
{
    private readonly TaskCompletionSource<ExecutorExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Description => "idle";

    public Task<ExecutorExit> Exited => _exited.Task;

    public bool Killed { get; private set; }

    public IReadOnlyList<string> OutputTail() => [];

    public void Kill()
    {
        Killed = true;
        _exited.TrySetResult(ExecutorExit.FromProcessCode(137));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
