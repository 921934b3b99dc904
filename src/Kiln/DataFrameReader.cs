using Kiln.Common.Types;
using Kiln.DataSources.Csv;
using Kiln.DataSources.Files;
using Kiln.DataSources.Json;
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
            _ => throw new ArgumentException($"unknown format '{format}'; Kiln reads csv and json (JSON lines)", nameof(format)),
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

    public DataFrame Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("give at least one path to read", nameof(paths));
        }

        var files = paths.SelectMany(FileSplitPlanner.ListFiles).ToArray();
        var options = _options.Where(o => !string.Equals(o.Key, "path", StringComparison.OrdinalIgnoreCase)).ToDictionary(StringComparer.OrdinalIgnoreCase);
        Common.Types.Schema schema;
        if (_format == "csv")
        {
            var csv = CsvOptions.Parse(options);
            schema = _schema ?? CsvSchemaInference.Infer(files, csv);
        }
        else
        {
            var json = JsonOptions.Parse(options);
            schema = _schema ?? JsonSchemaInference.Infer(files, json);
        }

        var source = new FileSourceInfo(_format, paths, options, schema);
        var attributes = schema.Fields.Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, f.Nullable)).ToArray();
        return new DataFrame(_session, new Scan(source, attributes));
    }
}
