namespace Kiln.DataSources.Filters;

public enum ComparisonKind
{
    Equal,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
