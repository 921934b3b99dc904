using Kiln.Scheduler.Events;
using Prometheus;

namespace Kiln.Ui.Metrics;

/// <summary>
/// The driver's Prometheus metrics (prometheus-net), kept from listener events on the bus's thread, never on the
/// scheduler's: jobs, stages and tasks by state, task durations, executors by state and removals, shuffle and input
/// records and bytes, spill, listener events dropped, GC pauses and the process's memory. One registry per
/// application, so several sessions in one process do not mix.
/// </summary>
/// <remarks>A bus sink (one thread); <see cref="WriteAsync"/> may run concurrently from scrapes.</remarks>
public sealed class KilnMetrics : IListenerEventSink
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Counter _jobs;
    private readonly Gauge _jobsActive;
    private readonly Counter _stages;
    private readonly Counter _tasks;
    private readonly Gauge _tasksActive;
    private readonly Histogram _taskSeconds;
    private readonly Gauge _executors;
    private readonly Counter _executorsRemoved;
    private readonly Counter _shuffleReadBytes;
    private readonly Counter _shuffleWrittenBytes;
    private readonly Counter _shuffleReadRecords;
    private readonly Counter _shuffleWrittenRecords;
    private readonly Counter _inputRecords;
    private readonly Counter _spillBytes;
    private readonly Gauge _peakTaskMemory;
    private readonly Counter _shuffleRemoteFetched;
    private readonly Dictionary<string, long> _remoteFetchedByExecutor = new(StringComparer.Ordinal);

    public KilnMetrics(ListenerBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var f = Prometheus.Metrics.WithCustomRegistry(_registry);
        _jobs = f.CreateCounter("kiln_jobs_total", "Jobs that ended, by outcome.", "status");
        _jobsActive = f.CreateGauge("kiln_jobs_active", "Jobs running now.");
        _stages = f.CreateCounter("kiln_stages_total", "Stage attempts that ended, by outcome.", "status");
        _tasks = f.CreateCounter("kiln_tasks_total", "Task attempts that ended, by outcome (success, failed, fetch_failed, killed).", "status");
        _tasksActive = f.CreateGauge("kiln_tasks_active", "Task attempts running now.");
        _taskSeconds = f.CreateHistogram("kiln_task_duration_seconds", "Task attempt run times on executors.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 4, 10) });
        _executors = f.CreateGauge("kiln_executors", "Executors registered and not removed.");
        _executorsRemoved = f.CreateCounter("kiln_executors_removed_total", "Executors removed: lost (a failure) or stopped with the application.", "cause");
        _shuffleReadBytes = f.CreateCounter("kiln_shuffle_read_bytes_total", "Shuffle bytes read by successful tasks.");
        _shuffleWrittenBytes = f.CreateCounter("kiln_shuffle_written_bytes_total", "Shuffle bytes written by successful tasks.");
        _shuffleReadRecords = f.CreateCounter("kiln_shuffle_read_records_total", "Shuffle records read by successful tasks.");
        _shuffleWrittenRecords = f.CreateCounter("kiln_shuffle_written_records_total", "Shuffle records written by successful tasks.");
        _inputRecords = f.CreateCounter("kiln_input_records_total", "Records read from sources (files, ranges, tables) by successful tasks.");
        _spillBytes = f.CreateCounter("kiln_spill_bytes_total", "Bytes spilled to disk by successful tasks.");
        _peakTaskMemory = f.CreateGauge("kiln_task_peak_memory_bytes", "The largest memory any task of the application held.");
        _shuffleRemoteFetched = f.CreateCounter("kiln_shuffle_remote_fetched_bytes_total", "Shuffle bytes executors fetched from other executors' block servers (as of their last heartbeats).");
        var dropped = f.CreateCounter("kiln_listener_events_dropped_total", "Listener events dropped because the queue was full (the UI and event log miss them).");
        var gcPause = f.CreateCounter("kiln_gc_pause_seconds_total", "Time the driver's garbage collector paused the process.");
        var managed = f.CreateGauge("kiln_driver_managed_memory_bytes", "Managed heap in use in the driver.");
        var workingSet = f.CreateGauge("kiln_driver_working_set_bytes", "The driver process's working set.");
        _registry.AddBeforeCollectCallback(() =>
        {
            dropped.IncTo(bus.DroppedEvents);
            gcPause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
            managed.Set(GC.GetTotalMemory(false));
            workingSet.Set(Environment.WorkingSet);
        });
        _executors.Set(0);
        _tasksActive.Set(0);
        _jobsActive.Set(0);
    }

    /// <summary>Writes the Prometheus text exposition format.</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancellationToken) => _registry.CollectAndExportAsTextAsync(destination, cancellationToken);

    public void OnEvent(ListenerEvent listenerEvent)
    {
        switch (listenerEvent)
        {
            case JobStarted:
                _jobsActive.Inc();
                break;
            case JobEnded j:
                _jobsActive.Dec();
                _jobs.WithLabels(j.Succeeded ? "succeeded" : "failed").Inc();
                break;
            case StageCompleted s:
                _stages.WithLabels(s.FailureReason is null ? "complete" : "failed").Inc();
                break;
            case TaskStarted:
                _tasksActive.Inc();
                break;
            case TaskEnded t:
                OnTaskEnded(t);
                break;
            case ExecutorAdded:
                _executors.Inc();
                break;
            case ExecutorRemoved x:
                _executors.Dec();
                _executorsRemoved.WithLabels(x.Lost ? "lost" : "stopped").Inc();
                break;
            case ExecutorMetricsUpdated m:
                _remoteFetchedByExecutor[m.ExecutorId] = m.ShuffleRemoteBytesFetched;
                _shuffleRemoteFetched.IncTo(_remoteFetchedByExecutor.Values.Sum());
                break;
            default:
                break;
        }
    }

    private void OnTaskEnded(TaskEnded t)
    {
        _tasksActive.Dec();
        _tasks.WithLabels(t.Status.ToLowerInvariant()).Inc();
        _taskSeconds.Observe(t.Metrics.RunTimeMs / 1000.0);
        if (t.Status != "SUCCESS")
        {
            return;
        }

        var m = t.Metrics;
        _shuffleReadBytes.Inc(m.ShuffleBytesRead);
        _shuffleWrittenBytes.Inc(m.ShuffleBytesWritten);
        _shuffleReadRecords.Inc(m.ShuffleRecordsRead);
        _shuffleWrittenRecords.Inc(m.ShuffleBytesWritten > 0 ? m.RowsWritten : 0);
        _inputRecords.Inc(m.RowsRead);
        _spillBytes.Inc(m.SpillBytes);
        if (m.PeakMemory > _peakTaskMemory.Value)
        {
            _peakTaskMemory.Set(m.PeakMemory);
        }
    }
}
