using Kiln.Scheduler.Events;

namespace Kiln.Cluster.Tests.TestSupport;

/// <summary>
/// Watches a job's progress to time faults: calls <see cref="OnSubmitted"/> when the n-th distinct stage (0-based,
/// in submission order) is submitted, and <see cref="OnTasksEnded"/> after every task end with that stage's count.
/// </summary>
public sealed class StageWatcher : IJobListener
{
    private readonly Lock _gate = new();
    private readonly List<int> _stages = [];
    private readonly Dictionary<int, int> _ended = [];

    public Action<int>? OnSubmitted { get; init; }

    public Action<int, int>? OnTasksEnded { get; init; }

    public int Failures { get; private set; }

    public void OnStageSubmitted(int stageId, string description, int taskCount)
    {
        int index;
        lock (_gate)
        {
            index = _stages.IndexOf(stageId);
            if (index >= 0)
            {
                return;
            }

            _stages.Add(stageId);
            index = _stages.Count - 1;
        }

        OnSubmitted?.Invoke(index);
    }

    public void OnTaskEnded(int stageId, bool succeeded)
    {
        int index;
        int ended;
        lock (_gate)
        {
            index = _stages.IndexOf(stageId);
            ended = _ended[stageId] = _ended.GetValueOrDefault(stageId) + 1;
            if (!succeeded)
            {
                Failures++;
            }
        }

        OnTasksEnded?.Invoke(index, ended);
    }

    public void OnStageCompleted(int stageId)
    {
    }
}
