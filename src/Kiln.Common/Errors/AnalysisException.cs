namespace Kiln.Common.Errors;

/// <summary>
/// A query is wrong before it runs: an unknown column or table, a type mismatch, a misused aggregate.
/// Raised while the plan is built, never during execution.
/// </summary>
public sealed class AnalysisException : KilnException
{
    public AnalysisException(string message, string? expression = null, IReadOnlyList<string>? suggestions = null)
        : base(message)
    {
        Expression = expression;
        Suggestions = suggestions ?? [];
    }

    /// <summary>The offending expression as the user wrote it, when there is one.</summary>
    public string? Expression { get; }

    /// <summary>Close existing names, for unknown-name errors.</summary>
    public IReadOnlyList<string> Suggestions { get; }
}
