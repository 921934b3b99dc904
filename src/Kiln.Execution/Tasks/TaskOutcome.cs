namespace Kiln.Execution.Tasks;

public enum TaskOutcome
{
    Succeeded,
    Failed,
    FetchFailed,
    Killed,
}
