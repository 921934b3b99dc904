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

    /// <param name="plan">The job's plan.</param>
    /// <param name="planNodeIds">The query's plan node ids (<see cref="PlanNodes"/>), so stages know which node each fragment node is; null: none.</param>
    public ResultStage Build(ExecNode plan, IReadOnlyDictionary<ExecNode, int>? planNodeIds = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parents = new List<ShuffleMapStage>();
        var ids = new List<int>();
        var fragment = Cut(plan, parents, ids, planNodeIds);
        return new ResultStage(_nextStageId(), fragment, parents) { PlanNodeIds = planNodeIds is null ? [] : ids };
    }

    private ExecNode Cut(ExecNode node, List<ShuffleMapStage> parents, List<int> ids, IReadOnlyDictionary<ExecNode, int>? planNodeIds)
    {
        var id = planNodeIds is not null && planNodeIds.TryGetValue(node, out var known) ? known : -1;
        ids.Add(id);
        if (node is ShuffleExchangeExec exchange)
        {
            var grandParents = new List<ShuffleMapStage>();
            var childIds = new List<int>();
            var childFragment = Cut(exchange.Child, grandParents, childIds, planNodeIds);
            var stage = new ShuffleMapStage(_nextStageId(), _nextShuffleId(), exchange.Partitioning, childFragment, grandParents)
            {
                PlanNodeIds = planNodeIds is null ? [] : childIds,
                ExchangeNodeId = id,
            };
            parents.Add(stage);
            return new ShuffleReadExec(stage.ShuffleId, exchange.Partitioning.PartitionCount, exchange.Schema);
        }

        var children = node.Children;
        if (children.Count == 0)
        {
            return node;
        }

        var cut = children.Select(c => Cut(c, parents, ids, planNodeIds)).ToArray();
        return cut.Where((c, i) => !ReferenceEquals(c, children[i])).Any() ? node.WithChildren(cut) : node;
    }
}
