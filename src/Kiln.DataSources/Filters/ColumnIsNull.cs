namespace Kiln.DataSources.Filters;

/// <summary><c>column IS NULL</c> or, negated, <c>column IS NOT NULL</c>.</summary>
public sealed record ColumnIsNull(int Column, bool Negated) : SourceFilter
{
    public override string Describe(Func<int, string> columnName) => $"{columnName(Column)} IS {(Negated ? "NOT " : "")}NULL";
}
