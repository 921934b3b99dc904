using Kiln.Execution.Physical;

namespace Kiln.Scheduler.Stages;

/// <summary>The last stage of a job; its tasks produce the action's result (collected batches or written files).</summary>
public sealed class ResultStage : Stage
{
    public ResultStage(int id, ExecNode fragment, IReadOnlyList<ShuffleMapStage> parents)
        : base(id, fragment, parents)
    {
    }
}
