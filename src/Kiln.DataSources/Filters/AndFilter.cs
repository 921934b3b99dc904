namespace Kiln.DataSources.Filters;

public sealed record AndFilter(SourceFilter Left, SourceFilter Right) : SourceFilter
{
    public override string Describe(Func<int, string> columnName) => $"({Left.Describe(columnName)} AND {Right.Describe(columnName)})";
}
