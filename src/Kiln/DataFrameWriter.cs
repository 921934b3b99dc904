using Kiln.DataSources.Commit;
using Kiln.Execution.Tasks;

namespace Kiln;

/// <summary>
/// Writes a DataFrame as CSV or JSON lines part files under a directory, through the commit protocol: the
/// output appears complete with a <c>_SUCCESS</c> marker, or not at all. Modes: error (default), overwrite,
/// append, ignore.
/// </summary>
public sealed class DataFrameWriter
{
    private readonly DataFrame _df;
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private string _format = "csv";
    private SaveMode _mode = SaveMode.ErrorIfExists;

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
            _ => throw new ArgumentException($"unknown format '{format}'; Kiln writes csv and json (JSON lines)", nameof(format)),
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

    public WriteResult Save(string path) => SaveAsync(path, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<WriteResult> SaveAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var jobId = Guid.NewGuid().ToString("N")[..12];
        var committer = new FileOutputCommitter(Path.GetFullPath(path), jobId, _mode);
        if (!committer.SetupJob())
        {
            return new WriteResult(path, Skipped: true, []);
        }

        try
        {
            var output = new WriteFilesOutput(committer.OutputPath, _format, _options, jobId);
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
