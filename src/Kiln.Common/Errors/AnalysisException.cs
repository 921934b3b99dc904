namespace Kiln.Common.Errors;

/// <summary>
/// A query is wrong before it runs: an unknown column or table, a type mismatch, a misused aggregate.
/// Raised while the plan is built, never during execution.
/// </summary>
/// <remarks>
/// When the query came from SQL text, <see cref="Position"/> says where the offending token starts and the SQL
/// front end quotes that line with a caret under it in <see cref="Exception.Message"/>; <see cref="Problem"/> keeps
/// the message without the excerpt.
/// </remarks>
public sealed class AnalysisException : KilnException
{
    public AnalysisException(string message, string? expression = null, IReadOnlyList<string>? suggestions = null)
        : base(message)
    {
        Expression = expression;
        Suggestions = suggestions ?? [];
        Problem = message;
    }

    public AnalysisException(string message, string? expression, IReadOnlyList<string>? suggestions, Exception? inner)
        : base(message, inner)
    {
        Expression = expression;
        Suggestions = suggestions ?? [];
        Problem = inner is AnalysisException a ? a.Problem : message;
    }

    /// <summary>The offending expression as the user wrote it, when there is one.</summary>
    public string? Expression { get; }

    /// <summary>Close existing names, for unknown-name errors.</summary>
    public IReadOnlyList<string> Suggestions { get; }

    /// <summary>Where the offending token starts in the SQL text, when the query came from SQL and the token is known.</summary>
    public SourcePosition? Position { get; init; }

    /// <summary>What is wrong, without the position and the quoted line.</summary>
    public string Problem { get; }

    /// <summary>
    /// This error located at <paramref name="position"/>, unless it already has a position (the innermost token
    /// that caused it wins). The original becomes the inner exception.
    /// </summary>
    public AnalysisException At(SourcePosition? position) =>
        Position is not null || position is null ? this : new AnalysisException(Message, Expression, Suggestions, this) { Position = position };
}
