using System.Globalization;
using Kiln.Common.Config;

namespace Kiln.TpcH;

/// <summary>
/// Turns a generated directory of CSV tables into Parquet, as <c>kiln datagen tpch --format parquet</c> writes it: each
/// table becomes a directory of part files (<c>lineitem.parquet/part-*.parquet</c>, snappy, row groups of 122,880 rows
/// as DuckDB writes them) written by Kiln's own writer through the commit protocol, read from the CSV with the
/// manifest's types; the CSV files are then deleted and the manifest names the Parquet directories.
/// </summary>
public static class TpchParquet
{
    public const string Extension = ".parquet";

    /// <summary>Rows per row group in the files written (DuckDB's default), so both engines skip in equal steps.</summary>
    public const int RowGroupSize = 122_880;

    /// <summary>The table's Parquet directory name: <c>lineitem.parquet</c>.</summary>
    public static string DirectoryName(string table) => table + Extension;

    /// <summary>Writes the Parquet tables under <paramref name="directory"/> from its CSV tables, then removes the CSV files.</summary>
    public static TpchManifest Convert(string directory, TpchManifest manifest, int threads)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(manifest);
        var conf = new KilnConf();
        conf.Set(ConfigKeys.Master.Key, $"local[{Math.Max(1, threads).ToString(CultureInfo.InvariantCulture)}]");
        conf.Set(ConfigKeys.ShowProgress.Key, "false");
        using var session = KilnSession.Create(conf);
        var tables = new List<TpchManifestTable>();
        foreach (var table in manifest.Tables)
        {
            var schema = TpchSchema.Tables.Single(t => t.Name == table.Name);
            var csv = Path.Combine(directory, table.File);
            session.Read.Option("header", "true").Schema(schema.KilnDdl).Csv(csv)
                .Write.Option("rowGroupSize", RowGroupSize.ToString(CultureInfo.InvariantCulture))
                .Parquet(Path.Combine(directory, DirectoryName(table.Name)));
            File.Delete(csv);
            tables.Add(table with { File = DirectoryName(table.Name) });
        }

        return manifest with { Tables = tables };
    }
}
