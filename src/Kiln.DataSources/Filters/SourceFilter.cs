namespace Kiln.DataSources.Filters;

/// <summary>
/// A pushed-down predicate in the data sources' own terms (Spark's <c>sources.Filter</c>): comparisons of one column of
/// the file schema with constants, IN lists, null tests, AND and OR. Readers use it to skip whole blocks of data (Parquet
/// row groups by their statistics); the exact predicate is still applied to every row afterwards, so a reader may
/// ignore any part of it.
/// </summary>
/// <remarks>
/// Values use Kiln's physical representation of the column's type: bool, int (int, date days), long (bigint, timestamp
/// micros), double, Int128 (decimal unscaled, at the column's scale), string.
/// </remarks>
public abstract record SourceFilter
{
    /// <summary>The filter as text for EXPLAIN, with column indices turned into names.</summary>
    public abstract string Describe(Func<int, string> columnName);

    /// <summary>A constant as EXPLAIN shows it: strings quoted, decimals unscaled as stored.</summary>
    protected static string Constant(object value) => value switch
    {
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
