using System.Threading.Channels;
using Kiln.Execution.Tasks;

namespace Kiln.Scheduler.Backends;

/// <summary>
/// Runs tasks on a fixed number of dedicated threads in this process (<c>local[N]</c>). Each task still goes
/// through its serialized payload, exactly as it would on a remote executor.
/// </summary>
public sealed class LocalBackend : ISchedulerBackend
{
    private readonly Channel<(TaskDescription Task, TaskCompletionSource<TaskResult> Done, CancellationToken Token)> _queue =
        Channel.CreateUnbounded<(TaskDescription, TaskCompletionSource<TaskResult>, CancellationToken)>();

    private readonly Thread[] _threads;
    private readonly Func<TaskDescription, CancellationToken, TaskResult> _run;
    private readonly Action<IReadOnlyList<int>> _removeShuffles;

    /// <param name="threads">The number of task threads (N of local[N]).</param>
    /// <param name="run">Runs one task on the calling thread; reports failures in the result.</param>
    /// <param name="removeShuffles">Deletes finished shuffles' files (from this process's block manager).</param>
    public LocalBackend(int threads, Func<TaskDescription, CancellationToken, TaskResult> run, Action<IReadOnlyList<int>>? removeShuffles = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _run = run;
        _removeShuffles = removeShuffles ?? (_ => { });
        DefaultParallelism = threads;
        _threads = Enumerable.Range(0, threads).Select(i => new Thread(Work) { IsBackground = true, Name = $"kiln-task-{i}" }).ToArray();
        foreach (var t in _threads)
        {
            t.Start();
        }
    }

    public int DefaultParallelism { get; }

    public void RemoveShuffles(IReadOnlyList<int> shuffleIds) => _removeShuffles(shuffleIds);

    public Task<TaskResult> RunAsync(TaskDescription task, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<TaskResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((task, done, cancellationToken)))
        {
            throw new InvalidOperationException("the local backend has been stopped");
        }

        return done.Task;
    }

    private void Work()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                if (item.Token.IsCancellationRequested)
                {
                    item.Done.TrySetCanceled(item.Token);
                    continue;
                }

                try
                {
                    item.Done.TrySetResult(_run(item.Task, item.Token));
                }
                catch (Exception e)
                {
                    item.Done.TrySetException(e);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        foreach (var t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(10));
        }

        return ValueTask.CompletedTask;
    }
}
