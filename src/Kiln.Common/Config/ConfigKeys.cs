using System.Text.RegularExpressions;

namespace Kiln.Common.Config;

/// <summary>
/// The registry: every configuration key Kiln reads, declared once with its documentation, default,
/// validation and the version that introduced it. <c>spark.*</c> aliases let Spark users keep their habits.
/// </summary>
public static partial class ConfigKeys
{
    public static readonly TypedConfigEntry<string> Master = new(
        "kiln.master",
        "Where the application runs: local, local[N] or local[*] (N task threads in this process).",
        () => "local[*]",
        "local[*]",
        s => s,
        "local, local[N], local[*]",
        s => MasterPattern().IsMatch(s) ? null : $"'{s}' is not a supported master; use local, local[N] or local[*]",
        aliases: "spark.master");

    public static readonly TypedConfigEntry<string> AppName = new(
        "kiln.app.name",
        "The application's name, shown in logs and progress output.",
        () => "kiln",
        "kiln",
        s => s,
        "any text",
        s => s.Length == 0 ? "the application name must not be empty" : null,
        aliases: "spark.app.name");

    public static readonly TypedConfigEntry<int> ShufflePartitions = new(
        "kiln.sql.shuffle.partitions",
        "Number of partitions after an exchange (joins, aggregations, sorts).",
        () => 8,
        "8",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        aliases: "spark.sql.shuffle.partitions");

    public static readonly TypedConfigEntry<int> BatchSize = new(
        "kiln.batch.size",
        "Maximum number of rows in one columnar batch.",
        () => 8192,
        "8192",
        ConfigParsers.ParseInt,
        "an integer from 1 to 1048576",
        n => n is < 1 or > 1 << 20 ? "must be between 1 and 1048576" : null);

    public static readonly TypedConfigEntry<long> TaskMemory = new(
        "kiln.task.memory",
        "Memory budget of one task for sort buffers, aggregation tables and join build sides; beyond it they spill to kiln.local.dir.",
        () => 256L << 20,
        "256m",
        ConfigParsers.ParseBytes,
        "a size such as 64m or 1g (at least 64k)",
        n => n < 64 << 10 ? "must be at least 64k" : null);

    public static readonly TypedConfigEntry<string> LocalDir = new(
        "kiln.local.dir",
        "Directory for shuffle files and spills. Defaults to a kiln folder in the system temporary directory.",
        () => Path.Combine(Path.GetTempPath(), "kiln"),
        "<temp>/kiln",
        s => s,
        "a writable directory path",
        s => s.Length == 0 ? "must not be empty" : null,
        aliases: "spark.local.dir");

    public static readonly TypedConfigEntry<long> MaxPartitionBytes = new(
        "kiln.files.maxPartitionBytes",
        "Largest file split read by one task; files are also split so that every task thread gets work.",
        () => 128L << 20,
        "128m",
        ConfigParsers.ParseBytes,
        "a size of at least 1k",
        n => n < 1024 ? "must be at least 1k" : null,
        aliases: "spark.sql.files.maxPartitionBytes");

    public static readonly TypedConfigEntry<long> BroadcastJoinThreshold = new(
        "kiln.sql.autoBroadcastJoinThreshold",
        "A join side whose input files are smaller than this is broadcast instead of shuffled; -1 turns broadcast joins off.",
        () => 10L << 20,
        "10m",
        s => s.Trim() == "-1" ? -1 : ConfigParsers.ParseBytes(s),
        "a size, or -1",
        aliases: "spark.sql.autoBroadcastJoinThreshold");

    public static readonly TypedConfigEntry<bool> ShowProgress = new(
        "kiln.ui.showConsoleProgress",
        "Show a progress bar per stage when the output is a terminal.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        aliases: "spark.ui.showConsoleProgress");

    public static readonly TypedConfigEntry<bool> SpillCompress = new(
        "kiln.shuffle.compress",
        "Compress shuffle and spill files (Deflate, fastest level).",
        () => false,
        "false",
        ConfigParsers.ParseBool,
        "true or false",
        aliases: "spark.shuffle.compress");

    public static readonly TypedConfigEntry<int> TaskMaxFailures = new(
        "kiln.task.maxFailures",
        "How many times one task may fail before its job is failed. Errors in the input or the configuration fail at once.",
        () => 4,
        "4",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        aliases: "spark.task.maxFailures");

    /// <summary>All declared entries, in documentation order.</summary>
    public static IReadOnlyList<ConfigEntry> All { get; } =
    [
        Master, AppName, ShufflePartitions, BatchSize, TaskMemory, LocalDir, MaxPartitionBytes, BroadcastJoinThreshold,
        ShowProgress, SpillCompress, TaskMaxFailures,
    ];

    /// <summary>Finds an entry by key or alias (case-sensitive, as Spark's keys are).</summary>
    public static ConfigEntry? Find(string key) =>
        All.FirstOrDefault(e => e.Key == key || e.Aliases.Contains(key));

    [GeneratedRegex(@"^local(\[(\*|[1-9][0-9]*)\])?$")]
    private static partial Regex MasterPattern();
}
