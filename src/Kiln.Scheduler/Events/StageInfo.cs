namespace Kiln.Scheduler.Events;

/// <summary>A stage as a job declares it: identity, what it runs, how many tasks, which stages it reads from.</summary>
/// <param name="IsShuffleMap">True when its tasks write shuffle output (their written rows are shuffle records).</param>
public sealed record StageInfo(int StageId, string Name, int TaskCount, IReadOnlyList<int> ParentIds, bool IsShuffleMap);
