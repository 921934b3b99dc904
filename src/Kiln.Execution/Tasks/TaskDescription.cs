namespace Kiln.Execution.Tasks;

/// <summary>
/// One task attempt as the driver sends it: identity plus the serialized plan fragment and output
/// (<see cref="TaskPayload"/>). Everything an executor needs travels in <see cref="Payload"/>.
/// </summary>
public sealed record TaskDescription(long TaskId, int JobId, int StageId, int StageAttempt, int Partition, int Attempt, byte[] Payload)
{
    public string Name => $"task {Partition}.{Attempt} of stage {StageId}.{StageAttempt}";

    /// <summary>Executors holding this partition's input (cached blocks): a cluster backend runs the task there when it can. Not sent to executors.</summary>
    public IReadOnlyList<string> PreferredExecutors { get; init; } = [];
}
