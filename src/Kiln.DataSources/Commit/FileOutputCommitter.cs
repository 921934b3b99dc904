using Kiln.DataSources.Errors;

namespace Kiln.DataSources.Commit;

/// <summary>
/// Makes a job's output appear all at once: tasks write into private attempt directories, one attempt per
/// partition is committed, and the job commit publishes the committed files with directory renames.
/// </summary>
/// <remarks>
/// <code>
///   SetupJob ──► tasks: NewTaskOutputFile ──► CommitTask (first attempt per partition wins) | AbortTask
///      │                                                     │
///      │ (Ignore + path exists: false, nothing written)      ▼
///      └────────────────────────────────────────────► CommitJob ──► output + _SUCCESS     | AbortJob ──► nothing left
///
///   &lt;out&gt;/_temporary/&lt;jobId&gt;/attempt_PPPPP_A/part-PPPPP-&lt;jobId&gt;.&lt;ext&gt;   task attempt output
///   &lt;out&gt;/_temporary/&lt;jobId&gt;/task_PPPPP/                               the committed attempt, renamed (the rename is the claim)
/// </code>
/// CommitJob for ErrorIfExists, Ignore and Overwrite builds the complete new output with its <c>_SUCCESS</c> marker in
/// a hidden sibling <c>.&lt;name&gt;.staging-&lt;jobId&gt;</c>, then swaps with two renames: the old directory to
/// <c>.&lt;name&gt;.old-&lt;jobId&gt;</c>, the staging directory to the output path, then deletes the old one. A crash
/// therefore leaves the old or the new output, never a mix; between the two renames the path is briefly absent,
/// which <see cref="RecoverInterruptedCommit"/> repairs. Append moves the new files into the existing directory one
/// by one (readers may see some of them before <c>_SUCCESS</c> is rewritten). Files may sit in relative directories
/// (partitioned output, <c>col=value/part-...</c>), which are kept when published; with dynamic partition overwrite
/// only the partition directories the job wrote are replaced. Task methods may be called from many
/// threads and processes at once; job methods are called once by the driver.
/// </remarks>
public sealed class FileOutputCommitter
{
    public const string SuccessMarker = "_SUCCESS";
    public const string TemporaryDirectory = "_temporary";

    private bool _createdOutput;

    public FileOutputCommitter(string outputPath, string jobId, SaveMode mode, bool dynamicPartitionOverwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        if (jobId.AsSpan().IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new ArgumentException("a job id cannot contain path separators or dots", nameof(jobId));
        }

        OutputPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputPath));
        JobId = jobId;
        Mode = mode;
        DynamicPartitionOverwrite = dynamicPartitionOverwrite && mode == SaveMode.Overwrite;
        JobTemporaryPath = Path.Combine(OutputPath, TemporaryDirectory, jobId);
    }

    public string OutputPath { get; }

    public string JobId { get; }

    public SaveMode Mode { get; }

    /// <summary>
    /// Overwrite replaces only the partition directories (<c>col=value/...</c>) the job wrote and keeps the others
    /// (Spark's <c>partitionOverwriteMode=dynamic</c>). Each partition directory is swapped with renames; the job as a
    /// whole is not atomic across partitions.
    /// </summary>
    public bool DynamicPartitionOverwrite { get; }

    public string JobTemporaryPath { get; }

    private string Parent => Path.GetDirectoryName(OutputPath) ?? throw new InvalidOperationException("the output path cannot be a root directory");

    private string StagingPath => Path.Combine(Parent, $".{Path.GetFileName(OutputPath)}.staging-{JobId}");

    private string OldPath => Path.Combine(Parent, $".{Path.GetFileName(OutputPath)}.old-{JobId}");

    /// <summary>Prepares the job. Returns false when the write is skipped (mode Ignore and the output exists); then nothing else may be called.</summary>
    /// <exception cref="OutputPathExistsException">Mode ErrorIfExists and the output path exists.</exception>
    public bool SetupJob()
    {
        var exists = Directory.Exists(OutputPath) || File.Exists(OutputPath);
        if (exists && Mode == SaveMode.ErrorIfExists)
        {
            throw new OutputPathExistsException(OutputPath);
        }

        if (exists && Mode == SaveMode.Ignore)
        {
            return false;
        }

        _createdOutput = !exists;
        Directory.CreateDirectory(JobTemporaryPath);
        return true;
    }

    /// <summary>
    /// The file a task attempt writes its output to; creates the attempt directory. <paramref name="directory"/> is a
    /// relative directory under the output (a partition's <c>col=value/...</c>) that the file is published in.
    /// </summary>
    public string NewTaskOutputFile(int partition, int attempt, string extension, string? directory = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentException.ThrowIfNullOrEmpty(extension);
        var dir = string.IsNullOrEmpty(directory) ? AttemptPath(partition, attempt) : Path.Combine(AttemptPath(partition, attempt), directory);
        if (!Path.GetFullPath(dir).StartsWith(AttemptPath(partition, attempt), StringComparison.Ordinal))
        {
            throw new ArgumentException($"output directory '{directory}' leaves the output path", nameof(directory));
        }

        Directory.CreateDirectory(dir);
        return Path.Combine(dir, NewTaskOutputFileName(partition, extension));
    }

    /// <summary>The name (without directory) of the file <see cref="NewTaskOutputFile"/> gives a task.</summary>
    public string NewTaskOutputFileName(int partition, string extension) => $"part-{partition:D5}-{JobId}.{extension.TrimStart('.')}";

    /// <summary>Commits a task attempt's files. True for the first attempt of the partition to commit; any later attempt's files are discarded and it gets false.</summary>
    /// <remarks>
    /// The rename of the attempt directory to <c>task_PPPPP</c> is the claim itself: it is atomic and fails once the
    /// partition has a (non-empty) committed directory, so there is no moment at which a partition is claimed but
    /// its files are elsewhere. An attempt killed at any point (executor lost) leaves either a committed partition
    /// or none, and then a later attempt commits.
    /// </remarks>
    public bool CommitTask(int partition, int attempt)
    {
        var attemptDir = AttemptPath(partition, attempt);
        Directory.CreateDirectory(attemptDir);
        var taskDir = TaskPath(partition);
        if (Directory.Exists(taskDir))
        {
            DeleteDirectory(attemptDir);
            return false;
        }

        try
        {
            Directory.Move(attemptDir, taskDir);
            return true;
        }
        catch (IOException) when (Directory.Exists(taskDir) && Directory.Exists(attemptDir))
        {
            DeleteDirectory(attemptDir);
            return false;
        }
    }

    /// <summary>Removes a failed or losing attempt's files.</summary>
    public void AbortTask(int partition, int attempt) => DeleteDirectory(AttemptPath(partition, attempt));

    /// <summary>Publishes the committed tasks' files under the output path with a <c>_SUCCESS</c> marker and removes the temporary files.</summary>
    /// <returns>
    /// The names of the published files, in name order. They are read from the committed task directories, not taken
    /// from task reports: an attempt whose executor died right after its commit is published although its report
    /// never arrived (the retry found the partition claimed and committed nothing).
    /// </returns>
    public IReadOnlyList<string> CommitJob()
    {
        var files = Directory.Exists(JobTemporaryPath)
            ? Directory.EnumerateDirectories(JobTemporaryPath, "task_*")
                .SelectMany(t => Directory.EnumerateFiles(t, "*", SearchOption.AllDirectories).Select(f => (File: f, Relative: Path.GetRelativePath(t, f))))
                .ToArray()
            : throw new InvalidOperationException($"job {JobId} was not set up or was already finished");
        if (Mode == SaveMode.Append)
        {
            foreach (var (file, relative) in files)
            {
                MoveInto(file, OutputPath, relative);
            }

            File.WriteAllBytes(Path.Combine(OutputPath, SuccessMarker), []);
            DeleteJobTemporary();
            return Published(files);
        }

        if (DynamicPartitionOverwrite && files.Any(f => Path.GetDirectoryName(f.Relative) is { Length: > 0 }))
        {
            return CommitDynamicPartitions(files);
        }

        DeleteDirectory(StagingPath);
        Directory.CreateDirectory(StagingPath);
        foreach (var (file, relative) in files)
        {
            MoveInto(file, StagingPath, relative);
        }

        File.WriteAllBytes(Path.Combine(StagingPath, SuccessMarker), []);
        DeleteDirectory(OldPath);
        Directory.Move(OutputPath, OldPath);
        Directory.Move(StagingPath, OutputPath);
        DeleteDirectory(OldPath);
        return Published(files);
    }

    /// <summary>Replaces each partition directory the job wrote (staged whole, then swapped with renames); others stay.</summary>
    private string[] CommitDynamicPartitions((string File, string Relative)[] files)
    {
        var staging = Path.Combine(JobTemporaryPath, "_staging");
        foreach (var (file, relative) in files)
        {
            MoveInto(file, staging, relative);
        }

        foreach (var partition in files.Select(f => Path.GetDirectoryName(f.Relative) ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(OutputPath, partition);
            var source = Path.Combine(staging, partition);
            var old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.old-{JobId}");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Directory.Exists(target))
            {
                Directory.Move(target, old);
            }

            Directory.Move(source, target);
            DeleteDirectory(old);
        }

        File.WriteAllBytes(Path.Combine(OutputPath, SuccessMarker), []);
        DeleteJobTemporary();
        return Published(files);
    }

    private static void MoveInto(string file, string root, string relative)
    {
        var target = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file, target);
    }

    private static string[] Published((string File, string Relative)[] files) =>
        files.Select(f => f.Relative.Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Removes everything the job wrote; a previous output is left as it was.</summary>
    public void AbortJob()
    {
        DeleteDirectory(StagingPath);
        DeleteJobTemporary();
        if (_createdOutput && Directory.Exists(OutputPath) && !Directory.EnumerateFileSystemEntries(OutputPath).Any())
        {
            Directory.Delete(OutputPath);
        }
    }

    /// <summary>
    /// Repairs an output path left by a crash during <see cref="CommitJob"/>'s swap: when the path is missing, the
    /// finished new output (staging with <c>_SUCCESS</c>) is published, else the old output is restored. Leftover
    /// staging and old directories are removed. Returns true when something was repaired or cleaned.
    /// </summary>
    public static bool RecoverInterruptedCommit(string outputPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputPath));
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            return false;
        }

        var name = Path.GetFileName(full);
        var staging = Directory.GetDirectories(parent, $".{name}.staging-*");
        var old = Directory.GetDirectories(parent, $".{name}.old-*");
        if (!Directory.Exists(full))
        {
            var finished = staging.FirstOrDefault(s => File.Exists(Path.Combine(s, SuccessMarker)));
            if (finished is not null)
            {
                Directory.Move(finished, full);
            }
            else if (old.Length > 0)
            {
                Directory.Move(old[0], full);
            }
        }

        var leftovers = staging.Concat(old).Where(Directory.Exists).ToArray();
        foreach (var dir in leftovers)
        {
            DeleteDirectory(dir);
        }

        return leftovers.Length > 0 || staging.Length + old.Length > 0;
    }

    private string AttemptPath(int partition, int attempt) => Path.Combine(JobTemporaryPath, $"attempt_{partition:D5}_{attempt}");

    private string TaskPath(int partition) => Path.Combine(JobTemporaryPath, $"task_{partition:D5}");

    private void DeleteJobTemporary()
    {
        DeleteDirectory(JobTemporaryPath);
        var root = Path.Combine(OutputPath, TemporaryDirectory);
        if (Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
        {
            Directory.Delete(root);
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
