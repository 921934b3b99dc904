namespace Kiln.DataSources.Filters;

/// <summary><c>column op value</c>, never true when the column is null.</summary>
public sealed record ColumnComparison(int Column, ComparisonKind Kind, object Value) : SourceFilter;
