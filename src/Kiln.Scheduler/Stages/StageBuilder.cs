using Kiln.Execution.Operators;
using Kiln.Execution.Physical;

namespace Kiln.Scheduler.Stages;

/// <summary>
/// Cuts a physical plan into stages at every <see cref="ShuffleExchangeExec"/>: the exchange's child becomes a
/// <see cref="ShuffleMapStage"/> and the exchange is replaced by a <see cref="ShuffleReadExec"/> of its shuffle.
/// </summary>
public sealed class StageBuilder
{
    private readonly Func<int> _nextStageId;
    private readonly Func<int> _nextShuffleId;

    public StageBuilder(Func<int> nextStageId, Func<int> nextShuffleId)
    {
        _nextStageId = nextStageId;
        _nextShuffleId = nextShuffleId;
    }

    public ResultStage Build(ExecNode plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parents = new List<ShuffleMapStage>();
        var fragment = Cut(plan, parents);
        return new ResultStage(_nextStageId(), fragment, parents);
    }

    private ExecNode Cut(ExecNode node, List<ShuffleMapStage> parents)
    {
        if (node is ShuffleExchangeExec exchange)
        {
            var grandParents = new List<ShuffleMapStage>();
            var childFragment = Cut(exchange.Child, grandParents);
            var stage = new ShuffleMapStage(_nextStageId(), _nextShuffleId(), exchange.Partitioning, childFragment, grandParents);
            parents.Add(stage);
            return new ShuffleReadExec(stage.ShuffleId, exchange.Partitioning.PartitionCount, exchange.Schema);
        }

        var children = node.Children;
        if (children.Count == 0)
        {
            return node;
        }

        var cut = children.Select(c => Cut(c, parents)).ToArray();
        return cut.Where((c, i) => !ReferenceEquals(c, children[i])).Any() ? node.WithChildren(cut) : node;
    }
}
