namespace Kiln.DataSources.Filters;

public sealed record OrFilter(SourceFilter Left, SourceFilter Right) : SourceFilter;
