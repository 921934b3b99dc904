namespace Kiln.DataSources.Filters;

/// <summary><c>column IS NULL</c> or, negated, <c>column IS NOT NULL</c>.</summary>
public sealed record ColumnIsNull(int Column, bool Negated) : SourceFilter;
