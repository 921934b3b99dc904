namespace Kiln.TpcH;

/// <summary>Makes a generated TPC-H directory queryable: each table becomes a temp view read with its explicit schema.</summary>
public static class TpchTables
{
    /// <summary>
    /// Registers the eight tables under <paramref name="directory"/> (as written by <see cref="TpchGenerator"/>) as
    /// temp views named after the tables: a table's Parquet directory (<c>lineitem.parquet/</c>) when there is one, else
    /// its CSV file, read with a header and the schema of <see cref="TpchSchema"/>.
    /// </summary>
    public static void Register(KilnSession session, string directory)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var table in TpchSchema.Tables)
        {
            var path = Path.Combine(directory, table.FileName);
            var parquet = Path.Combine(directory, TpchParquet.DirectoryName(table.Name));
            if (!File.Exists(path) && !Directory.Exists(parquet))
            {
                throw new FileNotFoundException($"TPC-H table '{path}' (or '{parquet}') is missing; generate the data with 'kiln datagen tpch --sf N --out {directory} [--format parquet]'", path);
            }

            var frame = Directory.Exists(parquet)
                ? session.Read.Parquet(parquet)
                : session.Read.Option("header", "true").Schema(table.KilnDdl).Csv(path);
            session.RegisterTempView(table.Name, frame);
        }
    }
}
