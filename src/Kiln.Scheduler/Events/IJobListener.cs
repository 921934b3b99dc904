namespace Kiln.Scheduler.Events;

/// <summary>Receives scheduler progress (for progress bars, logs and the UI). Called from scheduler threads; implementations must be thread-safe and quick.</summary>
public interface IJobListener
{
    void OnStageSubmitted(int stageId, string description, int taskCount);

    void OnTaskEnded(int stageId, bool succeeded);

    void OnStageCompleted(int stageId);
}
