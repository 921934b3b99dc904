using Kiln.Execution.Physical;

namespace Kiln.Scheduler.Stages;

/// <summary>A stage whose tasks write shuffle output for a later stage to read.</summary>
public sealed class ShuffleMapStage : Stage
{
    public ShuffleMapStage(int id, int shuffleId, Partitioning partitioning, ExecNode fragment, IReadOnlyList<ShuffleMapStage> parents)
        : base(id, fragment, parents)
    {
        ShuffleId = shuffleId;
        Partitioning = partitioning;
    }

    public int ShuffleId { get; }

    /// <summary>The query's plan node id of the exchange this stage writes for; -1 when unknown.</summary>
    public int ExchangeNodeId { get; init; } = -1;

    /// <summary>How rows are distributed; range bounds are filled in once sampled.</summary>
    public Partitioning Partitioning { get; set; }
}
