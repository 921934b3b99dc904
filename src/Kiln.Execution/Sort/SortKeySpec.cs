namespace Kiln.Execution.Sort;

/// <summary>One sort key: a column of the batch, its direction and where NULLs go.</summary>
/// <param name="Column">Index of the key column in the batch's schema.</param>
/// <param name="Ascending">Ascending (smallest first) or descending.</param>
/// <param name="NullsFirst">NULLs before every value, or after. Spark's default is first for ascending, last for descending.</param>
public sealed record SortKeySpec(int Column, bool Ascending = true, bool NullsFirst = true)
{
    /// <summary>Spark's default null placement for the direction: NULLS FIRST when ascending, NULLS LAST when descending.</summary>
    public static SortKeySpec Asc(int column) => new(column, Ascending: true, NullsFirst: true);

    public static SortKeySpec Desc(int column) => new(column, Ascending: false, NullsFirst: false);
}
