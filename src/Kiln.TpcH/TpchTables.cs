namespace Kiln.TpcH;

/// <summary>Makes a generated TPC-H directory queryable: each table becomes a temp view read with its explicit schema.</summary>
public static class TpchTables
{
    /// <summary>
    /// Registers the eight tables under <paramref name="directory"/> (as written by <see cref="TpchGenerator"/>) as
    /// temp views named after the tables, read as CSV with a header and the schema of <see cref="TpchSchema"/>.
    /// </summary>
    public static void Register(KilnSession session, string directory)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(directory);
        foreach (var table in TpchSchema.Tables)
        {
            var path = Path.Combine(directory, table.FileName);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"TPC-H table file '{path}' is missing; generate the data with 'kiln datagen tpch --sf N --out {directory}'", path);
            }

            var frame = session.Read.Option("header", "true").Schema(table.KilnDdl).Csv(path);
            session.RegisterTempView(table.Name, frame);
        }
    }
}
