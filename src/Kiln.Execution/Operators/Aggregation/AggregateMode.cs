namespace Kiln.Execution.Operators.Aggregation;

/// <summary>
/// Two-phase aggregation: <see cref="Partial"/> runs before the exchange on raw rows and emits per-group states;
/// <see cref="Final"/> runs after it, merges the states of each group and emits results.
/// </summary>
public enum AggregateMode
{
    Partial,
    Final,
}
