using Kiln.Common.Config;
using Kiln.Execution.Memory;
using Kiln.Execution.Spill;

namespace Kiln.Execution.Physical;

/// <summary>
/// Everything a running task may use: its identity, configuration, the shuffle input, a local directory for
/// spills and metrics. One per task attempt; disposing it releases the task's memory.
/// </summary>
/// <remarks>Used by the task's own thread only; <see cref="CancellationToken"/> fires when the job is cancelled or fails.</remarks>
public sealed class TaskContext : IDisposable
{
    public TaskContext(int stageId, int partition, int attempt, KilnConf conf, DiskBlockManager disk, IShuffleInput shuffleInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conf);
        StageId = stageId;
        Partition = partition;
        Attempt = attempt;
        Conf = conf;
        Disk = disk;
        LocalDir = disk.RootDirectory;
        ShuffleInput = shuffleInput;
        CancellationToken = cancellationToken;
        BatchSize = conf.Get(ConfigKeys.BatchSize);
        MemoryBudget = conf.Get(ConfigKeys.TaskMemory);
        Memory = new TaskMemoryManager(MemoryBudget, $"task {partition}.{attempt} of stage {stageId}", ExecutorMemoryTracker.Shared);
        SpillCodec = SpillCodecs.FromConf(conf);
    }

    /// <summary>Creates spill and shuffle files under this application's local directory.</summary>
    public DiskBlockManager Disk { get; }

    /// <summary>This task's memory budget; operators reserve before they grow.</summary>
    public TaskMemoryManager Memory { get; }

    public SpillCodec SpillCodec { get; }

    public int StageId { get; }

    public int Partition { get; }

    public int Attempt { get; }

    public KilnConf Conf { get; }

    /// <summary>This application's directory for shuffle files and spills.</summary>
    public string LocalDir { get; }

    public IShuffleInput ShuffleInput { get; }

    public CancellationToken CancellationToken { get; }

    public int BatchSize { get; }

    /// <summary>Bytes this task may hold in operator buffers before spilling.</summary>
    public long MemoryBudget { get; }

    public TaskMetrics Metrics { get; } = new();

    /// <summary>The per-operator metrics of the task's fragment; null when the task does not measure its operators (a sampling run).</summary>
    public OperatorMetricsSet? Operators { get; set; }

    public void Dispose()
    {
        Metrics.PeakMemory = Math.Max(Metrics.PeakMemory, Memory.PeakBytes);
        Memory.Dispose();
    }
}
