using Kiln.Common.Errors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// An expression reached the evaluator in a shape it cannot run: unresolved, unbound (an attribute instead of a
/// bound ordinal), an aggregate, or an unknown function. Indicates a planner bug, not bad user data.
/// </summary>
public sealed class UnsupportedExpressionException : KilnException
{
    public UnsupportedExpressionException(string message, string expression)
        : base(message) => Expression = expression;

    /// <summary>The offending expression as printed by the plan.</summary>
    public string Expression { get; }
}
