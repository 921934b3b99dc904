namespace Kiln.TpcH;

/// <summary>
/// One of the eight TPC-H tables: its name, its columns in file order and its base cardinality (rows at scale
/// factor 1; nation and region are fixed, lineitem varies around 6,000,000 per scale factor).
/// </summary>
public sealed record TpchTable(string Name, IReadOnlyList<TpchColumn> Columns, long BaseRows, bool Scaled)
{
    /// <summary>The file the generator writes for this table inside the output directory.</summary>
    public string FileName => Name + ".csv";

    /// <summary>The schema in Kiln's DDL form, every column NOT NULL as the specification declares.</summary>
    public string KilnDdl => string.Join(", ", Columns.Select(c => $"{c.Name} {c.KilnType} not null"));

    /// <summary>The row count at a scale factor; for lineitem this is the expected count, the real one is random.</summary>
    public long RowsAt(double scaleFactor) => Scaled ? (long)Math.Round(BaseRows * scaleFactor) : BaseRows;
}
