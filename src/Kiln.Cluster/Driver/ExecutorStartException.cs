using Kiln.Common.Errors;

namespace Kiln.Cluster.Driver;

/// <summary>
/// An executor process could not be started or did not register with the driver. The message names the executor,
/// what happened (exit code, timeout) and ends with the last lines the process wrote, which usually say why.
/// </summary>
public sealed class ExecutorStartException : KilnException
{
    public ExecutorStartException(string executorId, string problem, IReadOnlyList<string> outputTail, Exception? inner = null)
        : base(Compose(executorId, problem, outputTail), inner)
    {
        ExecutorId = executorId;
        Problem = problem;
        OutputTail = outputTail;
    }

    public string ExecutorId { get; }

    /// <summary>True when trying again cannot help (the cluster refused the executor for good): the application fails.</summary>
    public bool FailsApplication { get; init; }

    /// <summary>What went wrong, without the executor's output.</summary>
    public string Problem { get; }

    /// <summary>The last lines of the executor's output (standard output and error).</summary>
    public IReadOnlyList<string> OutputTail { get; }

    private static string Compose(string executorId, string problem, IReadOnlyList<string> tail) =>
        tail.Count == 0
            ? $"executor {executorId} failed to start: {problem}; it wrote nothing"
            : $"executor {executorId} failed to start: {problem}; its last output:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}";
}
