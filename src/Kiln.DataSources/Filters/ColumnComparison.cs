namespace Kiln.DataSources.Filters;

/// <summary><c>column op value</c>, never true when the column is null.</summary>
public sealed record ColumnComparison(int Column, ComparisonKind Kind, object Value) : SourceFilter
{
    public override string Describe(Func<int, string> columnName)
    {
        var op = Kind switch
        {
            ComparisonKind.Equal => "=",
            ComparisonKind.LessThan => "<",
            ComparisonKind.LessThanOrEqual => "<=",
            ComparisonKind.GreaterThan => ">",
            _ => ">=",
        };
        return $"{columnName(Column)} {op} {Constant(Value)}";
    }
}
