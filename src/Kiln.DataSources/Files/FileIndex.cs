using Kiln.Common.Types;

namespace Kiln.DataSources.Files;

/// <summary>
/// The data files under a table's paths and its partition columns. Directories named <c>col=value</c> below a path
/// are descended into (Hive-style partitioning, as Spark and DuckDB write it); their names become partition columns,
/// typed from the values as the first of int, bigint, double, boolean, date (<c>yyyy-MM-dd</c>) that fits every
/// value, else string. <c>__HIVE_DEFAULT_PARTITION__</c> is null. Values are unescaped from the <c>%XX</c> form Spark writes.
/// </summary>
public sealed record FileIndex(IReadOnlyList<PartitionedFile> Files, IReadOnlyList<Field> PartitionColumns)
{
    /// <summary>Lists the files of <paramref name="paths"/>, descending into partition directories.</summary>
    /// <exception cref="Errors.PathNotFoundException">A path matches nothing.</exception>
    /// <exception cref="Errors.SchemaMismatchException">Files sit at different partition depths or column names.</exception>
    public static FileIndex List(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<PartitionedFile>();
        string[]? names = null;
        string? firstPath = null;
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                files.AddRange(FileSplitPlanner.ListFiles(path).Select(f => new PartitionedFile(f, [])));
                Check(ref names, ref firstPath, [], path);
                continue;
            }

            var before = files.Count;
            Walk(Path.GetFullPath(path), [], [], files, ref names, ref firstPath);
            if (files.Count == before)
            {
                Check(ref names, ref firstPath, [], path);
            }
        }

        names ??= [];
        var columns = names.Select((n, i) => new Field(n, InferType(files.Select(f => f.PartitionValues[i])))).ToArray();
        return new FileIndex(files, columns);
    }

    private static void Walk(string dir, List<string> keys, List<string?> values, List<PartitionedFile> files, ref string[]? names, ref string? firstPath)
    {
        var dataFiles = Directory.EnumerateFiles(dir).Where(f => FileSplitPlanner.IsDataFile(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToArray();
        if (dataFiles.Length > 0)
        {
            Check(ref names, ref firstPath, keys, dataFiles[0]);
            files.AddRange(dataFiles.Select(f => new PartitionedFile(f, values.ToArray())));
        }

        foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (!FileSplitPlanner.IsDataFile(name) || eq <= 0)
            {
                continue;
            }

            keys.Add(Unescape(name[..eq]));
            values.Add(name[(eq + 1)..] is var v && v == PartitionPaths.DefaultPartitionName ? null : Unescape(v));
            Walk(sub, keys, values, files, ref names, ref firstPath);
            keys.RemoveAt(keys.Count - 1);
            values.RemoveAt(values.Count - 1);
        }
    }

    private static void Check(ref string[]? names, ref string? firstPath, IReadOnlyList<string> keys, string path)
    {
        if (names is null)
        {
            names = keys.ToArray();
            firstPath = path;
        }
        else if (!names.SequenceEqual(keys, StringComparer.Ordinal))
        {
            throw new Errors.SchemaMismatchException(
                "(partition columns)", firstPath!, $"partitioned by ({string.Join(", ", names)})", path, $"partitioned by ({string.Join(", ", keys)})", mergeSchema: false);
        }
    }

    private static string Unescape(string s) => s.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(s) : s;

    private static DataType InferType(IEnumerable<string?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!).ToArray();
        if (present.Length == 0)
        {
            return DataType.String;
        }

        var inv = System.Globalization.CultureInfo.InvariantCulture;
        if (present.All(v => int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, inv, out _)))
        {
            return DataType.Int32;
        }

        if (present.All(v => long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, inv, out _)))
        {
            return DataType.Int64;
        }

        if (present.All(v => double.TryParse(v, System.Globalization.NumberStyles.Float, inv, out _)))
        {
            return DataType.Float64;
        }

        if (present.All(v => bool.TryParse(v, out _)))
        {
            return DataType.Boolean;
        }

        return present.All(v => v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", inv, System.Globalization.DateTimeStyles.None, out _))
            ? DataType.Date
            : DataType.String;
    }
}
