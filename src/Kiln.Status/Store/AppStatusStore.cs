using Kiln.Scheduler.Events;

namespace Kiln.Status.Store;

/// <summary>
/// The status of one application, built only from listener events: the live UI subscribes it to the driver's
/// <see cref="ListenerBus"/>, the history server feeds it the lines of an event log, and both end in the same state.
/// It owns the application, its jobs, stage attempts with their tasks, executors, query executions, cached data and environment.
/// </summary>
/// <remarks>
/// Events arrive on one thread (the bus's, or a replay); readers (web requests) run concurrently and must read
/// through <see cref="Read{T}"/>, which holds the store's lock, and copy what they keep.
/// </remarks>
public sealed partial class AppStatusStore : IListenerEventSink
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, JobStatus> _jobs = [];
    private readonly SortedDictionary<(int Stage, int Attempt), StageStatus> _stages = [];
    private readonly Dictionary<string, ExecutorStatus> _executors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, SqlExecutionStatus> _sql = [];
    private readonly Dictionary<int, int> _stageToJob = [];
    private long _events;

    public ApplicationStatus Application { get; } = new();

    public IEnumerable<JobStatus> Jobs => _jobs.Values;

    public IEnumerable<StageStatus> Stages => _stages.Values;

    public IEnumerable<ExecutorStatus> Executors => _executors.Values;

    public IEnumerable<SqlExecutionStatus> SqlExecutions => _sql.Values;

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Runtime { get; private set; } = [];

    /// <summary>Events applied so far.</summary>
    public long EventCount => Interlocked.Read(ref _events);

    /// <summary>Runs <paramref name="reader"/> while no event is being applied.</summary>
    public T Read<T>(Func<AppStatusStore, T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_gate)
        {
            return reader(this);
        }
    }

    public JobStatus? Job(int jobId) => _jobs.GetValueOrDefault(jobId);

    public StageStatus? Stage(int stageId, int attempt) => _stages.GetValueOrDefault((stageId, attempt));

    public IEnumerable<StageStatus> StageAttempts(int stageId) => _stages.Values.Where(s => s.StageId == stageId);

    public ExecutorStatus? Executor(string id) => _executors.GetValueOrDefault(id);

    public SqlExecutionStatus? SqlExecution(long id) => _sql.GetValueOrDefault(id);

    public void OnEvent(ListenerEvent listenerEvent)
    {
        ArgumentNullException.ThrowIfNull(listenerEvent);
        lock (_gate)
        {
            Apply(listenerEvent);
            if (listenerEvent.Time > Application.LastUpdated)
            {
                Application.LastUpdated = listenerEvent.Time;
            }

            _events++;
        }
    }

    private void Apply(ListenerEvent e)
    {
        switch (e)
        {
            case ApplicationStarted a: OnApplicationStarted(a); break;
            case ApplicationEnded a: OnApplicationEnded(a); break;
            case EnvironmentUpdated env: (Properties, Runtime) = (env.Properties, env.Runtime); break;
            case ExecutorAdded x: OnExecutorAdded(x); break;
            case ExecutorRemoved x: OnExecutorRemoved(x); break;
            case JobStarted j: OnJobStarted(j); break;
            case JobEnded j: OnJobEnded(j); break;
            case StageSubmitted s: OnStageSubmitted(s); break;
            case StageCompleted s: OnStageCompleted(s); break;
            case TaskStarted t: OnTaskStarted(t); break;
            case TaskLaunched t: OnTaskLaunched(t); break;
            case TaskEnded t: OnTaskEnded(t); break;
            case SqlExecutionStarted q: OnSqlStarted(q); break;
            case SqlExecutionEnded q: OnSqlEnded(q); break;
            case CachePersisted c: OnCachePersisted(c); break;
            case CacheUnpersisted c: _cached.Remove(c.CacheId); break;
            default: break;
        }
    }

    private void OnApplicationStarted(ApplicationStarted e)
    {
        Application.Id = e.AppId;
        Application.Name = e.AppName;
        Application.Master = e.Master;
        Application.User = e.User;
        Application.Version = e.KilnVersion;
        Application.StartTime = e.Time;
    }

    private void OnApplicationEnded(ApplicationEnded e)
    {
        Application.EndTime = e.Time;
        foreach (var executor in _executors.Values.Where(x => x.IsActive))
        {
            executor.RemoveTime = e.Time;
            executor.RemoveReason = "the application ended";
        }

        EndUnfinishedTasks(e.Time);
    }

    private void OnExecutorAdded(ExecutorAdded e) => _executors[e.ExecutorId] = new ExecutorStatus
    {
        Id = e.ExecutorId,
        Host = e.Host,
        Cores = e.Cores,
        MaxMemory = e.MaxMemory,
        Process = e.Process,
        AddTime = e.Time,
    };

    private void OnExecutorRemoved(ExecutorRemoved e)
    {
        if (_executors.TryGetValue(e.ExecutorId, out var executor) && executor.IsActive)
        {
            OnCacheExecutorRemoved(e.ExecutorId);
            executor.RemoveTime = e.Time;
            executor.RemoveReason = e.Reason;
            executor.Lost = e.Lost;
        }
    }

    private void OnSqlStarted(SqlExecutionStarted e) => _sql[e.ExecutionId] = new SqlExecutionStatus
    {
        Id = e.ExecutionId,
        Description = e.Description,
        PhysicalPlan = e.PhysicalPlan,
        LogicalPlan = e.LogicalPlan,
        SubmissionTime = e.Time,
        Nodes = e.Nodes ?? [],
    };

    private void OnSqlEnded(SqlExecutionEnded e)
    {
        if (_sql.TryGetValue(e.ExecutionId, out var sql))
        {
            sql.CompletionTime = e.Time;
            sql.Error = e.Error;
        }
    }
}
