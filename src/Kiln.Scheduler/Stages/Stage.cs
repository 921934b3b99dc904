using Kiln.Execution.Physical;

namespace Kiln.Scheduler.Stages;

/// <summary>
/// A set of tasks that run the same plan fragment, one per partition, between two exchanges. The fragment's
/// leaves are scans, in-memory tables or shuffle reads of <see cref="Parents"/>.
/// <code>
///   waiting ──(parents available)──> running ──(all partitions done)──> available
///      ^                                 │
///      └──(a map output of it is lost)───┘
/// </code>
/// </summary>
public abstract class Stage
{
    protected Stage(int id, ExecNode fragment, IReadOnlyList<ShuffleMapStage> parents)
    {
        Id = id;
        Fragment = fragment;
        Parents = parents;
    }

    public int Id { get; }

    public ExecNode Fragment { get; set; }

    public IReadOnlyList<ShuffleMapStage> Parents { get; }

    public int PartitionCount => Fragment.PartitionCount;

    /// <summary>
    /// The query's plan node id of each node of <see cref="Fragment"/>, in the fragment's pre-order (-1: not a node of
    /// the query's plan); empty when the job has no query plan. A shuffle read stands for its exchange.
    /// </summary>
    public IReadOnlyList<int> PlanNodeIds { get; init; } = [];

    /// <summary>Incremented each time the stage is (re)submitted.</summary>
    public int Attempt { get; set; } = -1;

    public string Name => $"stage {Id} ({Fragment.Describe()})";
}
