using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.DataSources.Commit;
using Kiln.Execution.Tasks;

namespace Kiln;

/// <summary>
/// Writes a DataFrame as CSV, JSON lines or Parquet part files under a directory, through the commit protocol: the
/// output appears complete with a <c>_SUCCESS</c> marker, or not at all. Modes: error (default), overwrite,
/// append, ignore. <see cref="PartitionBy"/> writes Hive-style <c>col=value/</c> directories; an overwrite then
/// replaces only the partitions written when <c>kiln.sql.sources.partitionOverwriteMode</c> is dynamic.
/// </summary>
public sealed class DataFrameWriter
{
    private readonly DataFrame _df;
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private string _format = "csv";
    private SaveMode _mode = SaveMode.ErrorIfExists;
    private string[] _partitionBy = [];

    internal DataFrameWriter(DataFrame df) => _df = df;

    public DataFrameWriter Mode(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        _mode = mode.ToLowerInvariant() switch
        {
            "error" or "errorifexists" or "default" => SaveMode.ErrorIfExists,
            "overwrite" => SaveMode.Overwrite,
            "append" => SaveMode.Append,
            "ignore" => SaveMode.Ignore,
            _ => throw new ArgumentException($"unknown save mode '{mode}'; use error, overwrite, append or ignore", nameof(mode)),
        };
        return this;
    }

    public DataFrameWriter Format(string format)
    {
        _format = format?.ToLowerInvariant() switch
        {
            "csv" => "csv",
            "json" => "json",
            "parquet" => "parquet",
            _ => throw new ArgumentException($"unknown format '{format}'; Kiln writes csv, json (JSON lines) and parquet", nameof(format)),
        };
        return this;
    }

    public DataFrameWriter Option(string key, string value)
    {
        _options[key] = value;
        return this;
    }

    public DataFrameWriter Option(string key, bool value) => Option(key, value ? "true" : "false");

    public WriteResult Csv(string path) => Format("csv").Save(path);

    public WriteResult Json(string path) => Format("json").Save(path);

    /// <summary>Writes Parquet files (options <c>compression</c>, default snappy, and <c>rowGroupSize</c> in rows).</summary>
    public WriteResult Parquet(string path) => Format("parquet").Save(path);

    /// <summary>Writes one <c>col=value/</c> directory level per column (nulls as <c>__HIVE_DEFAULT_PARTITION__</c>); the columns are not written into the files.</summary>
    public DataFrameWriter PartitionBy(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var names = _df.Schema.Names.ToArray();
        _partitionBy = columns.Select(c => names.FirstOrDefault(n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))
            ?? throw new AnalysisException($"cannot partition by '{c}': the DataFrame has no such column (columns: {string.Join(", ", names)})")).ToArray();
        if (_partitionBy.Length > 0 && _partitionBy.Length == names.Length)
        {
            throw new AnalysisException("cannot partition by every column: at least one column must be written into the files");
        }

        return this;
    }

    public WriteResult Save(string path) => SaveAsync(path, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<WriteResult> SaveAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var jobId = Guid.NewGuid().ToString("N")[..12];
        var dynamic = _partitionBy.Length > 0 && _df.Session.Conf.Get(ConfigKeys.PartitionOverwriteMode) == "dynamic";
        var committer = new FileOutputCommitter(Path.GetFullPath(path), jobId, _mode, dynamic);
        if (!committer.SetupJob())
        {
            return new WriteResult(path, Skipped: true, []);
        }

        try
        {
            var output = new WriteFilesOutput(committer.OutputPath, _format, _options, jobId) { PartitionColumns = _partitionBy };
            await _df.Session.Engine.WriteAsync(_df.Plan, output, cancellationToken).ConfigureAwait(false);
            return new WriteResult(path, Skipped: false, committer.CommitJob());
        }
        catch
        {
            committer.AbortJob();
            throw;
        }
    }
}
