using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Operators.Aggregation;

/// <summary>One aggregate of a <see cref="HashAggregateExec"/>: the function, the input column (none for count(*)) and the types.</summary>
public sealed record AggregateSpec(AggregateFunction Function, int? InputOrdinal, DataType? InputType, DataType ResultType)
{
    public AggState CreateState() => AggState.Create(Function, InputType, ResultType);

    public override string ToString() => $"{Function.ToString().ToLowerInvariant()}({(InputOrdinal is { } o ? $"#{o}" : "*")})";
}
