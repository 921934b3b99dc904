using Kiln.Scheduler.Events;
using Prometheus;

namespace Kiln.Ui.Metrics;

/// <summary>
/// Every executor's metrics, served by the driver as Spark's <c>/metrics/executors/prometheus</c> does: one series per
/// executor (label <c>executor_id</c>) of its tasks (by outcome, active, run time), shuffle and input totals, spill,
/// and its process's GC pauses, collections, memory and shuffle bytes fetched from other executors. Process counters
/// come with the executors' heartbeats (<see cref="ExecutorMetricsUpdated"/>); the in-process executor of local
/// mode ("driver") reads them from this process at each scrape. A removed executor's gauges go; its counters stay.
/// </summary>
/// <remarks>A bus sink (one thread); <see cref="WriteAsync"/> may run concurrently from scrapes.</remarks>
public sealed class ExecutorMetrics : IListenerEventSink
{
    private const string InProcess = "driver";

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _cores;
    private readonly Gauge _maxMemory;
    private readonly Gauge _activeTasks;
    private readonly Counter _tasks;
    private readonly Counter _taskRunSeconds;
    private readonly Counter _inputRecords;
    private readonly Counter _shuffleRead;
    private readonly Counter _shuffleWritten;
    private readonly Counter _spill;
    private readonly Counter _gcPause;
    private readonly Counter _gcCollections;
    private readonly Gauge _managedMemory;
    private readonly Gauge _workingSet;
    private readonly Counter _remoteFetched;
    private readonly Dictionary<long, string> _launchedOn = [];
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private volatile bool _inProcessActive;

    public ExecutorMetrics()
    {
        var f = Prometheus.Metrics.WithCustomRegistry(_registry);
        const string id = "executor_id";
        _cores = f.CreateGauge("kiln_executor_cores", "Task slots of the executor.", id);
        _maxMemory = f.CreateGauge("kiln_executor_max_memory_bytes", "Memory the executor was given.", id);
        _activeTasks = f.CreateGauge("kiln_executor_active_tasks", "Task attempts running on the executor now.", id);
        _tasks = f.CreateCounter("kiln_executor_tasks_total", "Task attempts that ended on the executor, by outcome (success, failed, fetch_failed, killed).", id, "status");
        _taskRunSeconds = f.CreateCounter("kiln_executor_task_run_seconds_total", "Run time of the task attempts that ended on the executor.", id);
        _inputRecords = f.CreateCounter("kiln_executor_input_records_total", "Records read from sources by the executor's successful tasks.", id);
        _shuffleRead = f.CreateCounter("kiln_executor_shuffle_read_bytes_total", "Shuffle bytes read by the executor's successful tasks.", id);
        _shuffleWritten = f.CreateCounter("kiln_executor_shuffle_written_bytes_total", "Shuffle bytes written by the executor's successful tasks.", id);
        _spill = f.CreateCounter("kiln_executor_spill_bytes_total", "Bytes spilled to disk by the executor's successful tasks.", id);
        _gcPause = f.CreateCounter("kiln_executor_gc_pause_seconds_total", "Time the executor process's garbage collector paused it.", id);
        _gcCollections = f.CreateCounter("kiln_executor_gc_collections_total", "Garbage collections in the executor process.", id);
        _managedMemory = f.CreateGauge("kiln_executor_managed_memory_bytes", "Managed heap in use in the executor process.", id);
        _workingSet = f.CreateGauge("kiln_executor_working_set_bytes", "The executor process's working set.", id);
        _remoteFetched = f.CreateCounter("kiln_executor_shuffle_remote_fetched_bytes_total", "Shuffle bytes the executor fetched from other executors' block servers.", id);
        _registry.AddBeforeCollectCallback(() =>
        {
            if (_inProcessActive)
            {
                _gcPause.WithLabels(InProcess).IncTo(GC.GetTotalPauseDuration().TotalSeconds);
                _gcCollections.WithLabels(InProcess).IncTo(GC.CollectionCount(0));
                _managedMemory.WithLabels(InProcess).Set(GC.GetTotalMemory(false));
                _workingSet.WithLabels(InProcess).Set(Environment.WorkingSet);
            }
        });
    }

    /// <summary>Writes the Prometheus text exposition format.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => _registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public void OnEvent(ListenerEvent listenerEvent)
    {
        switch (listenerEvent)
        {
            case ExecutorAdded x:
                _cores.WithLabels(x.ExecutorId).Set(x.Cores);
                _maxMemory.WithLabels(x.ExecutorId).Set(x.MaxMemory);
                _activeTasks.WithLabels(x.ExecutorId).Set(0);
                _inProcessActive |= x.ExecutorId == InProcess;
                break;
            case ExecutorRemoved x:
                _inProcessActive &= x.ExecutorId != InProcess;
                _removed.Add(x.ExecutorId);
                foreach (var gauge in new[] { _cores, _maxMemory, _activeTasks, _managedMemory, _workingSet })
                {
                    gauge.RemoveLabelled(x.ExecutorId);
                }

                break;
            case ExecutorMetricsUpdated m when !_removed.Contains(m.ExecutorId):
                _gcPause.WithLabels(m.ExecutorId).IncTo(m.GcPauseMs / 1000.0);
                _gcCollections.WithLabels(m.ExecutorId).IncTo(m.GcCollections);
                _managedMemory.WithLabels(m.ExecutorId).Set(m.ManagedMemoryBytes);
                _workingSet.WithLabels(m.ExecutorId).Set(m.WorkingSetBytes);
                _remoteFetched.WithLabels(m.ExecutorId).IncTo(m.ShuffleRemoteBytesFetched);
                break;
            case TaskLaunched t when !_removed.Contains(t.ExecutorId):
                _launchedOn[t.TaskId] = t.ExecutorId;
                _activeTasks.WithLabels(t.ExecutorId).Inc();
                break;
            case TaskEnded t:
                OnTaskEnded(t);
                break;
            default:
                break;
        }
    }

    private void OnTaskEnded(TaskEnded t)
    {
        _launchedOn.Remove(t.TaskId, out var launchedOn);
        if (launchedOn is not null && !_removed.Contains(launchedOn))
        {
            _activeTasks.WithLabels(launchedOn).Dec();
        }

        var executor = t.ExecutorId.Length > 0 ? t.ExecutorId : launchedOn;
        if (executor is null or "none")
        {
            return;
        }

        _tasks.WithLabels(executor, t.Status.ToLowerInvariant()).Inc();
        _taskRunSeconds.WithLabels(executor).Inc(t.Metrics.RunTimeMs / 1000.0);
        if (t.Status == "SUCCESS")
        {
            _inputRecords.WithLabels(executor).Inc(t.Metrics.RowsRead);
            _shuffleRead.WithLabels(executor).Inc(t.Metrics.ShuffleBytesRead);
            _shuffleWritten.WithLabels(executor).Inc(t.Metrics.ShuffleBytesWritten);
            _spill.WithLabels(executor).Inc(t.Metrics.SpillBytes);
        }
    }
}
