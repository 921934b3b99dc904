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
        "Compress shuffle blocks and spill files with kiln.io.compression.codec. Each frame records its codec, so readers need no setting.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        aliases: "spark.shuffle.compress");

    public static readonly TypedConfigEntry<string> CompressionCodec = new(
        "kiln.io.compression.codec",
        "Codec for shuffle blocks and spill files: lz4 (Kiln's LZ4 block format, fast), deflate or brotli (smaller, slower), none.",
        () => "lz4",
        "lz4",
        s => s.ToLowerInvariant(),
        "lz4, deflate, brotli, none",
        s => s is "lz4" or "deflate" or "brotli" or "none" ? null : $"'{s}' is not a codec; use lz4, deflate, brotli or none",
        aliases: "spark.io.compression.codec");

    public static readonly TypedConfigEntry<string> AuthSecret = new(
        "kiln.authenticate.secret",
        "The application's secret: every connection between driver and executors (RPC and shuffle block transfer) proves knowledge of it by HMAC challenge/response, never sending it. Empty: the driver generates one per application and gives it to its executors.",
        () => string.Empty,
        "(generated)",
        s => s,
        "empty, or text of at least 16 characters",
        s => s.Length is > 0 and < 16 ? "must be at least 16 characters long (or empty to generate one)" : null,
        aliases: "spark.authenticate.secret");

    public static readonly TypedConfigEntry<bool> TlsEnabled = new(
        "kiln.network.tls.enabled",
        "Encrypt driver and executor connections with TLS, using kiln.network.tls.certFile and keyFile; peers are trusted by kiln.network.tls.trustFile.",
        () => false,
        "false",
        ConfigParsers.ParseBool,
        "true or false");

    public static readonly TypedConfigEntry<string> TlsCertFile = new(
        "kiln.network.tls.certFile",
        "PEM certificate this process presents when it accepts TLS connections (usually one per application, shared by driver and executors).",
        () => string.Empty,
        "(none)",
        s => s,
        "a PEM file path");

    public static readonly TypedConfigEntry<string> TlsKeyFile = new(
        "kiln.network.tls.keyFile",
        "PEM private key of kiln.network.tls.certFile.",
        () => string.Empty,
        "(none)",
        s => s,
        "a PEM file path");

    public static readonly TypedConfigEntry<string> TlsTrustFile = new(
        "kiln.network.tls.trustFile",
        "PEM certificates a server's certificate must equal (pinning) or be issued by. Empty: trust exactly kiln.network.tls.certFile. Host names are not checked.",
        () => string.Empty,
        "(the certFile)",
        s => s,
        "a PEM file path");

    public static readonly TypedConfigEntry<TimeSpan> NetworkTimeout = new(
        "kiln.network.timeout",
        "Limit for establishing a connection (TCP connect, TLS and authentication handshake).",
        () => TimeSpan.FromSeconds(120),
        "120s",
        ConfigParsers.ParseDuration,
        "a duration such as 30s, 500ms or 2m",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        aliases: "spark.network.timeout");

    public static readonly TypedConfigEntry<TimeSpan> RpcAskTimeout = new(
        "kiln.rpc.askTimeout",
        "How long an RPC call waits for its answer before failing with a timeout.",
        () => TimeSpan.FromSeconds(120),
        "120s",
        ConfigParsers.ParseDuration,
        "a duration such as 30s, 500ms or 2m",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        aliases: "spark.rpc.askTimeout");

    public static readonly TypedConfigEntry<long> RpcMaxMessageSize = new(
        "kiln.rpc.message.maxSize",
        "Largest RPC message (a task with its plan, a task result); larger frames are refused and close the connection.",
        () => 128L << 20,
        "128m",
        ConfigParsers.ParseBytes,
        "a size from 64k to 1g",
        n => n is < 64 << 10 or > 1 << 30 ? "must be between 64k and 1g" : null);

    public static readonly TypedConfigEntry<long> ReducerMaxBytesInFlight = new(
        "kiln.reducer.maxBytesInFlight",
        "Most bytes of remote shuffle blocks one reduce task has requested or holds unread at once; larger blocks are fetched in pieces.",
        () => 48L << 20,
        "48m",
        ConfigParsers.ParseBytes,
        "a size of at least 1k",
        n => n < 1024 ? "must be at least 1k" : null,
        aliases: "spark.reducer.maxSizeInFlight");

    public static readonly TypedConfigEntry<int> ReducerMaxRequestsPerAddress = new(
        "kiln.reducer.maxRequestsInFlightPerAddress",
        "Most concurrent block fetch requests one reduce task sends to one executor.",
        () => 4,
        "4",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null);

    public static readonly TypedConfigEntry<int> ShuffleIoMaxRetries = new(
        "kiln.shuffle.io.maxRetries",
        "How many times a block fetch is retried after a connection failure before the map output counts as lost.",
        () => 3,
        "3",
        ConfigParsers.ParseInt,
        "an integer of at least 0",
        n => n < 0 ? "must not be negative" : null,
        aliases: "spark.shuffle.io.maxRetries");

    public static readonly TypedConfigEntry<TimeSpan> ShuffleIoRetryWait = new(
        "kiln.shuffle.io.retryWait",
        "Wait between block fetch retries.",
        () => TimeSpan.FromSeconds(1),
        "1s",
        ConfigParsers.ParseDuration,
        "a duration such as 1s or 200ms",
        t => t < TimeSpan.Zero ? "must not be negative" : null,
        aliases: "spark.shuffle.io.retryWait");

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
        CompressionCodec, AuthSecret, TlsEnabled, TlsCertFile, TlsKeyFile, TlsTrustFile, NetworkTimeout, RpcAskTimeout, RpcMaxMessageSize,
        ReducerMaxBytesInFlight, ReducerMaxRequestsPerAddress, ShuffleIoMaxRetries, ShuffleIoRetryWait,
    ];

    /// <summary>Finds an entry by key or alias (case-sensitive, as Spark's keys are).</summary>
    public static ConfigEntry? Find(string key) =>
        All.FirstOrDefault(e => e.Key == key || e.Aliases.Contains(key));

    [GeneratedRegex(@"^local(\[(\*|[1-9][0-9]*)\])?$")]
    private static partial Regex MasterPattern();
}
