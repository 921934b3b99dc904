using System.Collections.Concurrent;
using System.Threading.Channels;
using Kiln.Cluster.Protocol;
using Kiln.Execution.Physical;
using Kiln.Execution.Tasks;
using Kiln.Network.Protocol;

namespace Kiln.Cluster.Executor;

/// <summary>
/// An executor's task slots: C dedicated threads take launched tasks in arrival order, run each with
/// <see cref="TaskRunner"/> and report the result. Tasks can be killed while queued or running.
/// </summary>
/// <remarks>
/// Thread-safe. Tasks may be enqueued before <see cref="Start"/> (the driver can launch tasks as soon as it has
/// accepted the registration); they wait until the threads start. <see cref="Stop"/> kills what runs and waits a
/// bounded time for the threads.
/// </remarks>
internal sealed class TaskThreads
{
    private readonly Channel<LaunchTask> _queue = Channel.CreateUnbounded<LaunchTask>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<long, string> _killedWhileQueued = new();
    private readonly Action<TaskStatusUpdate> _report;
    private readonly List<Thread> _threads = [];
    private ExecutorEnvironment? _environment;
    private TaskFaults _faults = TaskFaults.None;

    /// <param name="report">Sends a finished task's status to the driver; called on task threads.</param>
    public TaskThreads(Action<TaskStatusUpdate> report) => _report = report;

    /// <summary>The ids of the tasks running now.</summary>
    public IReadOnlyCollection<long> Running => [.. _running.Keys];

    public void Enqueue(LaunchTask task) => _queue.Writer.TryWrite(task);

    public void Start(ExecutorEnvironment environment, int threads, TaskFaults faults)
    {
        _environment = environment;
        _faults = faults;
        for (var i = 0; i < threads; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"kiln-executor-task-{i}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    public void Kill(long taskId, string reason)
    {
        if (_running.TryGetValue(taskId, out var cancel))
        {
            cancel.Cancel();
        }
        else
        {
            _killedWhileQueued[taskId] = reason;
        }
    }

    /// <summary>Stops taking tasks, kills the running ones and waits up to <paramref name="grace"/> for the threads.</summary>
    public void Stop(TimeSpan grace)
    {
        _queue.Writer.TryComplete();
        foreach (var cancel in _running.Values)
        {
            cancel.Cancel();
        }

        var deadline = DateTime.UtcNow + grace;
        foreach (var thread in _threads)
        {
            var left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    private void Work()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var launch))
            {
                _report(TaskMessages.ToMessage(Run(launch)));
            }
        }
    }

    private TaskResult Run(LaunchTask launch)
    {
        var environment = _environment!;
        var task = TaskMessages.FromMessage(launch);
        if (_killedWhileQueued.TryRemove(task.TaskId, out var reason))
        {
            return new TaskResult(task.TaskId, TaskOutcome.Killed, new TaskMetrics(), environment.ExecutorId) { Error = new OperationCanceledException(reason) };
        }

        using var cancel = new CancellationTokenSource();
        _running[task.TaskId] = cancel;
        try
        {
            if (_faults.Delay > TimeSpan.Zero && cancel.Token.WaitHandle.WaitOne(_faults.Delay))
            {
                return new TaskResult(task.TaskId, TaskOutcome.Killed, new TaskMetrics(), environment.ExecutorId) { Error = new OperationCanceledException("killed") };
            }

            return _faults.Fails(environment.ExecutorId)
                ? new TaskResult(task.TaskId, TaskOutcome.Failed, new TaskMetrics(), environment.ExecutorId) { Error = TaskFaults.InjectedFailure(task, environment.ExecutorId) }
                : TaskRunner.Run(task, environment, cancel.Token);
        }
        finally
        {
            _running.TryRemove(task.TaskId, out _);
        }
    }
}
