using Kiln.Scheduler.Events;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>Calls back with (stage index within the job, tasks ended in it) as tasks of each stage end, so a fault lands mid-stage.</summary>
internal sealed class StageWatcher(Action<int, int> onTaskEnded) : IJobListener
{
    private readonly Dictionary<int, int> _indexes = [];
    private readonly Dictionary<int, int> _ended = [];
    private readonly Lock _lock = new();

    public void OnStageSubmitted(int stageId, string description, int taskCount)
    {
        lock (_lock)
        {
            _indexes[stageId] = _indexes.Count;
        }
    }

    public void OnTaskEnded(int stageId, bool succeeded)
    {
        int index, ended;
        lock (_lock)
        {
            index = _indexes.GetValueOrDefault(stageId);
            ended = _ended[stageId] = _ended.GetValueOrDefault(stageId) + (succeeded ? 1 : 0);
        }

        if (succeeded)
        {
            onTaskEnded(index, ended);
        }
    }

    public void OnStageCompleted(int stageId)
    {
    }
}
