using Kiln.Common.Types;
using Kiln.DataSources.Errors;
using ParquetSharp;

namespace Kiln.DataSources.Parquet;

/// <summary>
/// Reads the schema of Parquet files from their footers. Without <c>mergeSchema</c> every file must have the columns and
/// types of the first; with it the result is the union of the columns in first-seen order, int widened to bigint where
/// files disagree. Any other disagreement is a <see cref="SchemaMismatchException"/> naming both files.
/// </summary>
public static class ParquetSchemaReader
{
    public static ParquetFileSchema Read(IReadOnlyList<string> files, ParquetOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        var columns = new List<(ParquetColumn Column, string Path)>();
        var skipped = new List<string>();
        var first = true;
        foreach (var file in files)
        {
            IReadOnlyList<ParquetColumn> fileColumns;
            try
            {
                fileColumns = ReadColumns(file);
            }
            catch (CorruptFileException) when (options.IgnoreCorruptFiles)
            {
                skipped.Add(file);
                continue;
            }

            if (first)
            {
                columns.AddRange(fileColumns.Select(c => (c, file)));
                first = false;
                continue;
            }

            Merge(columns, fileColumns, file, options.MergeSchema);
        }

        var schema = new Schema(columns.Select(c => new Field(c.Column.Name, c.Column.Type)));
        var unsupported = columns.Where(c => c.Column.Unsupported).ToDictionary(c => c.Column.Name, c => c.Column.FileType, StringComparer.Ordinal);
        return new ParquetFileSchema(schema, unsupported, skipped);
    }

    /// <summary>The top-level columns of one file.</summary>
    /// <exception cref="CorruptFileException">The file is not Parquet, or its footer is truncated or corrupt.</exception>
    internal static IReadOnlyList<ParquetColumn> ReadColumns(string file)
    {
        try
        {
            using var reader = ParquetFiles.Open(file);
            using var meta = reader.FileMetaData;
            return ParquetTypeMapper.Map(meta.Schema);
        }
        catch (ParquetException e)
        {
            throw new CorruptFileException(file, "Parquet", null, null, e);
        }
    }

    private static void Merge(List<(ParquetColumn Column, string Path)> columns, IReadOnlyList<ParquetColumn> fileColumns, string file, bool mergeSchema)
    {
        foreach (var c in fileColumns)
        {
            var i = columns.FindIndex(x => x.Column.Name == c.Name);
            if (i < 0)
            {
                if (!mergeSchema)
                {
                    throw new SchemaMismatchException(c.Name, file, c.FileType, columns[0].Path, "missing", mergeSchema: false);
                }

                columns.Add((c, file));
                continue;
            }

            var (known, path) = columns[i];
            if (known.Type == c.Type && known.Unsupported == c.Unsupported)
            {
                continue;
            }

            if (mergeSchema && !known.Unsupported && !c.Unsupported && Widen(known.Type, c.Type) is { } wider)
            {
                columns[i] = (known with { Type = wider }, path);
                continue;
            }

            throw new SchemaMismatchException(c.Name, path, Describe(known), file, Describe(c), mergeSchema);
        }

        if (!mergeSchema && columns.FirstOrDefault(k => fileColumns.All(c => c.Name != k.Column.Name)) is { Column: not null } absent)
        {
            throw new SchemaMismatchException(absent.Column.Name, absent.Path, Describe(absent.Column), file, "missing", mergeSchema: false);
        }
    }

    private static string Describe(ParquetColumn c) => c.Unsupported ? c.FileType : c.Type.ToString();

    /// <summary>The type both can be read as, or null: equal types, or int and bigint.</summary>
    internal static DataType? Widen(DataType a, DataType b) =>
        a == b ? a
        : (a.Id, b.Id) is (TypeId.Int32, TypeId.Int64) or (TypeId.Int64, TypeId.Int32) ? DataType.Int64
        : null;
}
