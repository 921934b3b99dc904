namespace Kiln.DataSources.Filters;

public sealed record OrFilter(SourceFilter Left, SourceFilter Right) : SourceFilter
{
    public override string Describe(Func<int, string> columnName) => $"({Left.Describe(columnName)} OR {Right.Describe(columnName)})";
}
