namespace Kiln.Plan.Expressions;

public enum AggregateFunction
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
}
