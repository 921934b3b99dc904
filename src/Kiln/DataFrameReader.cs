using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Errors;
using Kiln.DataSources.Json;
using Kiln.DataSources.Parquet;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

/// <summary>
/// Reads files into a DataFrame: <c>session.Read.Option("header", "true").Option("inferSchema", "true").Csv("data/*.csv")</c>.
/// Options are the data sources' (see docs/data-sources.md); an explicit schema skips inference. Paths are
/// checked and the schema is fixed when the DataFrame is created, not when it runs.
/// </summary>
public sealed class DataFrameReader
{
    private readonly KilnSession _session;
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private string _format = "csv";
    private Schema? _schema;

    internal DataFrameReader(KilnSession session) => _session = session;

    public DataFrameReader Format(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        _format = format.ToLowerInvariant() switch
        {
            "csv" => "csv",
            "json" or "jsonl" or "ndjson" => "json",
            "parquet" => "parquet",
            _ => throw new ArgumentException($"unknown format '{format}'; Kiln reads csv, json (JSON lines) and parquet", nameof(format)),
        };
        return this;
    }

    public DataFrameReader Option(string key, string value)
    {
        _options[key] = value;
        return this;
    }

    public DataFrameReader Option(string key, bool value) => Option(key, value ? "true" : "false");

    public DataFrameReader Options(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (k, v) in options)
        {
            _options[k] = v;
        }

        return this;
    }

    public DataFrameReader Schema(Schema schema)
    {
        _schema = schema;
        return this;
    }

    /// <summary>A schema in DDL form: <c>"id int, name string, price decimal(10,2)"</c>.</summary>
    public DataFrameReader Schema(string ddl) => Schema(Common.Types.Schema.ParseDdl(ddl));

    public DataFrame Csv(params string[] paths) => Format("csv").Load(paths);

    public DataFrame Json(params string[] paths) => Format("json").Load(paths);

    /// <summary>
    /// Reads Parquet files, directories of them or Hive-style partitioned directories (<c>col=value/</c>); the schema
    /// comes from the footers (option <c>mergeSchema</c> for files whose columns differ).
    /// </summary>
    public DataFrame Parquet(params string[] paths) => Format("parquet").Load(paths);

    public DataFrame Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("give at least one path to read", nameof(paths));
        }

        var index = FileIndex.List(paths);
        var files = index.Files.Select(f => f.Path).ToArray();
        var options = _options.Where(o => !string.Equals(o.Key, "path", StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase);
        Common.Types.Schema schema;
        if (_format == "parquet")
        {
            schema = _schema ?? ParquetSchemaReader.Read(files, ParquetOptions.Parse(options)).Schema;
        }
        else
        {
            RefuseParquetFiles(files);
            schema = _schema ?? (_format == "csv"
                ? CsvSchemaInference.Infer(files, CsvOptions.Parse(options))
                : JsonSchemaInference.Infer(files, JsonOptions.Parse(options)));
        }

        var partitions = index.PartitionColumns.Where(p => schema.Fields.All(f => !string.Equals(f.Name, p.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (partitions.Length > 0)
        {
            schema = new Common.Types.Schema(schema.Fields.Concat(partitions));
        }

        var source = new FileSourceInfo(_format, paths, options, schema) { PartitionColumns = partitions.Select(p => p.Name).ToArray() };
        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, f.Nullable)).ToArray();
        return new DataFrame(_session, new Scan(source, attributes));
    }

    /// <summary>A text reader given a Parquet file would read its bytes as rows; refuse it with a hint instead.</summary>
    private void RefuseParquetFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            if (ParquetFiles.HasParquetMagic(file))
            {
                throw new WrongFileFormatException(file, _format, "parquet");
            }
        }
    }
}
