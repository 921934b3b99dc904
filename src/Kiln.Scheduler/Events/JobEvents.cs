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

    public static TaskEnded Ended(DateTimeOffset time, TaskDescription task, TaskResult result) => new(
        time,
        task.TaskId,
        task.StageId,
        task.StageAttempt,
        task.Partition,
        task.Attempt,
        result.ExecutorId,
        Status(result.Outcome),
        result.Error is { } e ? $"{e.GetType().Name}: {e.Message}" : null,
        result.Metrics);

    public static string Status(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.Succeeded => "SUCCESS",
        TaskOutcome.FetchFailed => "FETCH_FAILED",
        TaskOutcome.Killed => "KILLED",
        _ => "FAILED",
    };
}
