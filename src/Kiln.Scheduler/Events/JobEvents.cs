using Kiln.Execution.Tasks;
using Kiln.Scheduler.Stages;

namespace Kiln.Scheduler.Events;

/// <summary>Builds the scheduler's listener events from its own types (stages, task descriptions and results).</summary>
internal static class JobEvents
{
    public static JobStarted Started(DateTimeOffset time, int jobId, JobTag tag, Stage resultStage)
    {
        var stages = new List<StageInfo>();
        var seen = new HashSet<int>();
        var pending = new Stack<Stage>([resultStage]);
        while (pending.TryPop(out var stage))
        {
            if (!seen.Add(stage.Id))
            {
                continue;
            }

            stages.Add(new StageInfo(stage.Id, stage.Fragment.Describe(), stage.PartitionCount, [.. stage.Parents.Select(p => p.Id)], stage is ShuffleMapStage));
            foreach (var parent in stage.Parents)
            {
                pending.Push(parent);
            }
        }

        stages.Sort((a, b) => a.StageId.CompareTo(b.StageId));
        var description = tag.Description.Length > 0 ? tag.Description : resultStage.Fragment.Describe();
        return new JobStarted(time, jobId, description, tag.SqlExecutionId, stages);
    }

    public static StageSubmitted Submitted(DateTimeOffset time, Stage stage, int jobId, int taskCount) =>
        new(time, stage.Id, stage.Attempt, jobId, stage.Fragment.Describe(), stage.Fragment.TreeString(), taskCount, stage is ShuffleMapStage);

    public static TaskEnded Ended(DateTimeOffset time, TaskDescription task, TaskResult result, Stage stage) => new(
        time,
        task.TaskId,
        task.StageId,
        task.StageAttempt,
        task.Partition,
        task.Attempt,
        result.ExecutorId,
        Status(result.Outcome),
        result.Error is { } e ? $"{e.GetType().Name}: {e.Message}" : null,
        result.Metrics,
        Nodes(stage, result),
        result.CachedBlocks.Count == 0 ? null : result.CachedBlocks);

    /// <summary>The task's operator metrics by plan node id: fragment positions mapped through the stage, the shuffle write added to its exchange.</summary>
    private static List<NodeMetrics>? Nodes(Stage stage, TaskResult result)
    {
        var ids = stage.PlanNodeIds;
        if (ids.Count == 0)
        {
            return null;
        }

        var byId = new Dictionary<int, NodeMetrics>();
        void Add(NodeMetrics m) => byId[m.NodeId] = byId.TryGetValue(m.NodeId, out var had) ? had.Plus(m) : m;
        var metrics = result.Metrics;
        if (metrics.Operators is { } operators && operators.Count == ids.Count)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (ids[i] >= 0)
                {
                    var o = operators[i];
                    Add(new NodeMetrics(ids[i], o.OutputRows, o.TimeNanos, o.SpillBytes));
                }
            }
        }

        if (stage is ShuffleMapStage { ExchangeNodeId: >= 0 } map && result.Outcome == TaskOutcome.Succeeded)
        {
            Add(new NodeMetrics(map.ExchangeNodeId, 0, metrics.ShuffleWriteNanos, 0, metrics.RowsWritten, metrics.ShuffleBytesWritten));
        }

        return byId.Count == 0 ? null : [.. byId.Values.OrderBy(m => m.NodeId)];
    }

    public static string Status(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Succeeded => "SUCCESS",
        TaskOutcome.FetchFailed => "FETCH_FAILED",
        TaskOutcome.Killed => "KILLED",
        _ => "FAILED",
    };
}
