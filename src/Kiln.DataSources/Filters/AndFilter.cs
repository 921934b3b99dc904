namespace Kiln.DataSources.Filters;

public sealed record AndFilter(SourceFilter Left, SourceFilter Right) : SourceFilter;
