namespace Kiln.Common.Errors;

/// <summary>A job failed while running. Carries where the root cause happened; the cause itself is the inner exception.</summary>
public sealed class ExecutionException : KilnException
{
    public ExecutionException(string message, int stageId, int partition, int attempt, Exception? inner)
        : base(message, inner)
    {
        StageId = stageId;
        Partition = partition;
        Attempt = attempt;
    }

    public int StageId { get; }

    public int Partition { get; }

    public int Attempt { get; }
}
