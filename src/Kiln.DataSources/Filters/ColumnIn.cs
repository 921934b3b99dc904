namespace Kiln.DataSources.Filters;

/// <summary><c>column IN (values)</c>.</summary>
public sealed record ColumnIn(int Column, IReadOnlyList<object> Values) : SourceFilter
{
    public override string Describe(Func<int, string> columnName) => $"{columnName(Column)} IN ({string.Join(", ", Values.Select(Constant))})";
}
