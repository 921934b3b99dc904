namespace Kiln.Common.Errors;

/// <summary>Where a token starts in a query text: 1-based line and column.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}
