using System.Globalization;
using System.Text;

namespace Kiln.Cluster.Driver;

/// <summary>
/// Remembers where tasks failed, so retries go elsewhere and executors that keep failing tasks get none:
/// <code>
///   task (stage s, partition p) fails on executor e ─> failedOn[s,p] += e            retries prefer other executors
///                                                    stageFailures[s,e]++ ─ reaches maxFailedTasksPerExecutor
///                                                                         ─> e excluded for stage s
///   (s,p) then succeeds on executor x ─> for each e in failedOn[s,p], e != x: appFailures[e]++
///                                        ─ reaches application.maxFailedTasksPerExecutor
///                                        ─> e excluded for the application until now + kiln.excludeOnFailure.timeout
/// </code>
/// A task failing everywhere says more about the task than about the executors: only failures of tasks that
/// later succeed elsewhere count against an executor for the whole application (as in Spark).
/// </summary>
/// <remarks>Not thread-safe: owned by the cluster backend's event loop.</remarks>
internal sealed class ExclusionTracker
{
    private readonly bool _enabled;
    private readonly int _stageLimit;
    private readonly int _appLimit;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Dictionary<(int Stage, int Partition), List<string>> _failedOn = [];
    private readonly Dictionary<(int Stage, string Executor), int> _stageFailures = [];
    private readonly Dictionary<string, int> _appFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _excludedUntil = new(StringComparer.Ordinal);

    public ExclusionTracker(bool enabled, int stageLimit, int appLimit, TimeSpan timeout, TimeProvider time)
    {
        _enabled = enabled;
        _stageLimit = stageLimit;
        _appLimit = appLimit;
        _timeout = timeout;
        _time = time;
    }

    /// <summary>Records a failure; returns the stage failure count when it just excluded the executor for the stage.</summary>
    public int? OnTaskFailed(int stage, int partition, string executor)
    {
        if (!_failedOn.TryGetValue((stage, partition), out var executors))
        {
            _failedOn[(stage, partition)] = executors = [];
        }

        executors.Add(executor);
        var count = _stageFailures[(stage, executor)] = _stageFailures.GetValueOrDefault((stage, executor)) + 1;
        return _enabled && count == _stageLimit ? count : null;
    }

    /// <summary>Records a success; returns the executors this just excluded for the application, with their counts.</summary>
    public IReadOnlyList<(string Executor, int Failures, DateTimeOffset Until)> OnTaskSucceeded(int stage, int partition, string executor)
    {
        if (!_failedOn.Remove((stage, partition), out var failedOn))
        {
            return [];
        }

        var excluded = new List<(string, int, DateTimeOffset)>();
        foreach (var e in failedOn.Distinct(StringComparer.Ordinal).Where(e => e != executor))
        {
            var count = _appFailures[e] = _appFailures.GetValueOrDefault(e) + 1;
            if (_enabled && count >= _appLimit && !IsExcludedForApplication(e))
            {
                var until = _time.GetUtcNow() + _timeout;
                _excludedUntil[e] = until;
                _appFailures[e] = 0;
                excluded.Add((e, count, until));
            }
        }

        return excluded;
    }

    /// <summary>True when the task already failed on this executor (a retry should prefer another one).</summary>
    public bool FailedOn(int stage, int partition, string executor) =>
        _failedOn.TryGetValue((stage, partition), out var executors) && executors.Contains(executor);

    public bool IsExcluded(int stage, string executor) =>
        _enabled && (_stageFailures.GetValueOrDefault((stage, executor)) >= _stageLimit || IsExcludedForApplication(executor));

    public bool IsExcludedForApplication(string executor)
    {
        if (!_enabled || !_excludedUntil.TryGetValue(executor, out var until))
        {
            return false;
        }

        if (_time.GetUtcNow() < until)
        {
            return true;
        }

        _excludedUntil.Remove(executor);
        return false;
    }

    /// <summary>Why each of <paramref name="executors"/> gets no tasks of <paramref name="stage"/>, for error messages.</summary>
    public string Describe(int stage, IEnumerable<string> executors)
    {
        var text = new StringBuilder();
        foreach (var e in executors)
        {
            text.Append(text.Length == 0 ? string.Empty : "; ").Append(CultureInfo.InvariantCulture, $"executor {e}: ");
            text.Append(IsExcludedForApplication(e)
                ? string.Create(CultureInfo.InvariantCulture, $"excluded for the application until {_excludedUntil[e]:u}")
                : string.Create(CultureInfo.InvariantCulture, $"{_stageFailures.GetValueOrDefault((stage, e))} failed tasks in stage {stage}"));
        }

        return text.ToString();
    }
}
