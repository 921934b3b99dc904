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
        "Where the application runs: local, local[N] or local[*] (N task threads in this process), local-cluster[E,C,M] (E executor processes on this machine with C cores and M MiB each), or k8s://https://HOST:PORT (executors in pods created through that Kubernetes API server).",
        () => "local[*]",
        "local[*]",
        s => s,
        "local, local[N], local[*], local-cluster[E,C,M], k8s://https://HOST:PORT",
        s => MasterPattern().IsMatch(s) || LocalClusterPattern().IsMatch(s) || KubernetesPattern().IsMatch(s)
            ? null
            : $"'{s}' is not a supported master; use local, local[N], local[*], local-cluster[E,C,M] or k8s://https://HOST:PORT",
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

    public static readonly TypedConfigEntry<string> AppId = new(
        "kiln.app.id",
        "The application's id (labels of its pods, its event log, its UI). Empty: a new one per application; kiln submit in cluster mode sets it so that the submitter and the driver pod agree.",
        () => string.Empty,
        "(generated)",
        s => s,
        "lower-case letters, digits and '-', at most 63 characters",
        s => s.Length == 0 || (s.Length <= 63 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]))
            ? null
            : $"'{s}' cannot be an application id: it becomes a label value, so use lower-case letters, digits and '-' (at most 63, starting and ending with a letter or digit)",
        aliases: "spark.app.id");

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
        "Codec for shuffle blocks and spill files: lz4 (LZ4 block format, fast), zstd (level 1: 40% smaller than lz4, half its decoding speed), deflate or brotli (smaller, slower), none.",
        () => "lz4",
        "lz4",
        s => s.ToLowerInvariant(),
        "lz4, zstd, deflate, brotli, none",
        s => s is "lz4" or "zstd" or "deflate" or "brotli" or "none" ? null : $"'{s}' is not a codec; use lz4, zstd, deflate, brotli or none",
        aliases: "spark.io.compression.codec");

    public static readonly TypedConfigEntry<string> PartitionOverwriteMode = new(
        "kiln.sql.sources.partitionOverwriteMode",
        "How an overwrite of a partitioned table (Write.PartitionBy) treats existing partitions: static replaces the whole table, dynamic replaces only the partitions the job writes.",
        () => "static",
        "static",
        s => s.ToLowerInvariant(),
        "static or dynamic",
        s => s is "static" or "dynamic" ? null : $"'{s}' is not a mode; use static or dynamic",
        aliases: "spark.sql.sources.partitionOverwriteMode");

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
        "Limit for establishing a connection (TCP connect, TLS and authentication handshake); also how long the driver waits for an executor's heartbeat before counting it lost, and how long an executor tries to reach a silent driver before it exits.",
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

    public static readonly TypedConfigEntry<TimeSpan> ExecutorHeartbeatInterval = new(
        "kiln.executor.heartbeatInterval",
        "How often an executor reports to the driver that it is alive (with its running tasks' metrics). The driver counts an executor lost after kiln.network.timeout without one.",
        () => TimeSpan.FromSeconds(10),
        "10s",
        ConfigParsers.ParseDuration,
        "a duration such as 10s or 500ms",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        aliases: "spark.executor.heartbeatInterval");

    public static readonly TypedConfigEntry<TimeSpan> ExecutorStartTimeout = new(
        "kiln.executor.startTimeout",
        "How long the driver waits for its executor processes to start and register before the application fails.",
        () => TimeSpan.FromSeconds(60),
        "60s",
        ConfigParsers.ParseDuration,
        "a duration such as 60s or 2m",
        t => t <= TimeSpan.Zero ? "must be positive" : null);

    public static readonly TypedConfigEntry<double> MinRegisteredResourcesRatio = new(
        "kiln.scheduler.minRegisteredResourcesRatio",
        "Share of the requested executors that must have registered before the first tasks are scheduled (or kiln.scheduler.maxRegisteredResourcesWaitingTime passed). Unset: 0.8 on k8s://, all on local-cluster.",
        () => -1,
        "(0.8 on k8s://, 1.0 on local-cluster)",
        s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        "a number from 0 to 1",
        r => r is < 0 or > 1 ? "must be between 0 and 1" : null,
        "0.2.0",
        "spark.scheduler.minRegisteredResourcesRatio");

    public static readonly TypedConfigEntry<TimeSpan> MaxRegisteredResourcesWaitingTime = new(
        "kiln.scheduler.maxRegisteredResourcesWaitingTime",
        "The longest the driver waits for kiln.scheduler.minRegisteredResourcesRatio of its executors before it starts scheduling with those it has.",
        () => TimeSpan.FromSeconds(30),
        "30s",
        ConfigParsers.ParseDuration,
        "a duration such as 30s",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        "0.2.0",
        "spark.scheduler.maxRegisteredResourcesWaitingTime");

    public static readonly TypedConfigEntry<int> ExecutorMaxFailures = new(
        "kiln.executor.maxFailures",
        "How many executor losses an application tolerates: each lost executor is replaced by a new one until this many were lost. 0: twice the number of executors, at least 3.",
        () => 0,
        "0",
        ConfigParsers.ParseInt,
        "an integer of at least 0",
        n => n < 0 ? "must not be negative" : null,
        aliases: "spark.executor.maxNumFailures");

    public static readonly TypedConfigEntry<string> ExecutorCli = new(
        "kiln.executor.cli",
        "The Kiln command line the driver starts executor processes with (`<cli> executor ...`): a Kiln.Cli.dll (run with dotnet) or an executable. Empty: the KILN_EXECUTOR_CLI environment variable, else Kiln.Cli.dll next to the application or to Kiln's assemblies.",
        () => string.Empty,
        "(found)",
        s => s,
        "a file path");

    public static readonly TypedConfigEntry<string> AppFiles = new(
        "kiln.app.files",
        "Application assemblies or directories (comma-separated) that executor processes load the application's lambdas from, besides the directories of the assemblies the driver has loaded. kiln submit sets it to the application's directory.",
        () => string.Empty,
        "(none)",
        s => s,
        "paths separated by commas");

    public static readonly TypedConfigEntry<double> MemoryFraction = new(
        "kiln.memory.fraction",
        "Share of an executor's memory (M of local-cluster[E,C,M]) divided evenly among its cores as task memory budgets; kiln.task.memory caps each budget.",
        () => 0.6,
        "0.6",
        s => double.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
        "a number above 0 and at most 1",
        f => f is > 0 and <= 1 ? null : "must be above 0 and at most 1",
        aliases: "spark.memory.fraction");

    public static readonly TypedConfigEntry<TimeSpan> LocalityWait = new(
        "kiln.locality.wait",
        "How long a task that reads cached partitions waits for a free core on an executor holding them before it runs elsewhere (and recomputes or fetches what it needs).",
        () => TimeSpan.FromSeconds(3),
        "3s",
        ConfigParsers.ParseDuration,
        "a duration such as 3s or 0",
        t => t < TimeSpan.Zero ? "must not be negative" : null,
        aliases: "spark.locality.wait");

    public static readonly TypedConfigEntry<bool> ExcludeOnFailureEnabled = new(
        "kiln.excludeOnFailure.enabled",
        "Stop scheduling tasks on executors that keep failing them: for a stage after kiln.excludeOnFailure.maxFailedTasksPerExecutor failures there, for the application after kiln.excludeOnFailure.application.maxFailedTasksPerExecutor tasks failed there but succeeded elsewhere.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        aliases: "spark.excludeOnFailure.enabled");

    public static readonly TypedConfigEntry<int> ExcludeOnFailureStageMaxFailures = new(
        "kiln.excludeOnFailure.maxFailedTasksPerExecutor",
        "Task failures on one executor after which it gets no more tasks of that stage.",
        () => 2,
        "2",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        aliases: "spark.excludeOnFailure.stage.maxFailedTasksPerExecutor");

    public static readonly TypedConfigEntry<int> ExcludeOnFailureAppMaxFailures = new(
        "kiln.excludeOnFailure.application.maxFailedTasksPerExecutor",
        "Tasks that failed on one executor and then succeeded on another, after which the executor gets no more tasks of the application (for kiln.excludeOnFailure.timeout).",
        () => 2,
        "2",
        ConfigParsers.ParseInt,
        "an integer of at least 1",
        n => n < 1 ? "must be at least 1" : null,
        aliases: "spark.excludeOnFailure.application.maxFailedTasksPerExecutor");

    public static readonly TypedConfigEntry<TimeSpan> ExcludeOnFailureTimeout = new(
        "kiln.excludeOnFailure.timeout",
        "How long an executor excluded for the application stays excluded.",
        () => TimeSpan.FromHours(1),
        "1h",
        ConfigParsers.ParseDuration,
        "a duration such as 1h or 10m",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        aliases: "spark.excludeOnFailure.timeout");

    public static readonly TypedConfigEntry<TimeSpan> TestTaskDelay = new(
        "kiln.test.taskDelay",
        "Testing only: every task waits this long on its executor process before it runs, so fault tests can kill executors while tasks run.",
        () => TimeSpan.Zero,
        "0s",
        ConfigParsers.ParseDuration,
        "a duration",
        t => t < TimeSpan.Zero ? "must not be negative" : null);

    public static readonly TypedConfigEntry<string> TestFailingExecutors = new(
        "kiln.test.failingExecutors",
        "Testing only: executor ids (comma-separated, or *) whose processes fail every task with an injected InvalidOperationException.",
        () => string.Empty,
        "(none)",
        s => s,
        "executor ids separated by commas, or *");

    /// <summary>The entries declared here, in documentation order; modules add theirs (<see cref="All"/>).</summary>
    private static readonly ConfigEntry[] Core =
    [
        Master, AppName, AppId, ShufflePartitions, BatchSize, TaskMemory, LocalDir, MaxPartitionBytes, BroadcastJoinThreshold,
        ShowProgress, SpillCompress, TaskMaxFailures,
        CompressionCodec, AuthSecret, TlsEnabled, TlsCertFile, TlsKeyFile, TlsTrustFile, NetworkTimeout, RpcAskTimeout, RpcMaxMessageSize,
        ReducerMaxBytesInFlight, ReducerMaxRequestsPerAddress, ShuffleIoMaxRetries, ShuffleIoRetryWait,
        ExecutorHeartbeatInterval, ExecutorStartTimeout, MinRegisteredResourcesRatio, MaxRegisteredResourcesWaitingTime, ExecutorMaxFailures, ExecutorCli, AppFiles, MemoryFraction, LocalityWait,
        ExcludeOnFailureEnabled, ExcludeOnFailureStageMaxFailures, ExcludeOnFailureAppMaxFailures, ExcludeOnFailureTimeout,
        PartitionOverwriteMode,
        TestTaskDelay, TestFailingExecutors,
    ];

    private static readonly Lazy<IReadOnlyList<ConfigEntry>> AllEntries = new(() => [.. Core, .. ConfigModules.Entries()]);

    /// <summary>
    /// All declared entries, in documentation order: these, then those that modules declare beside their code (the
    /// Kubernetes backend's <c>kiln.kubernetes.*</c>), found through <see cref="ConfigModules"/>.
    /// </summary>
    public static IReadOnlyList<ConfigEntry> All => AllEntries.Value;

    /// <summary>Finds an entry by key or alias (case-sensitive, as Spark's keys are); prefix entries match any key under them.</summary>
    public static ConfigEntry? Find(string key) =>
        All.FirstOrDefault(e => e.Key == key || e.Aliases.Contains(key)) ?? All.FirstOrDefault(e => e.MatchesPrefix(key) is not null);

    [GeneratedRegex(@"^local(\[(\*|[1-9][0-9]*)\])?$")]
    private static partial Regex MasterPattern();

    [GeneratedRegex(@"^k8s://(https?://)?[^/\s:]+(:[0-9]+)?/?$")]
    private static partial Regex KubernetesPattern();

    [GeneratedRegex(@"^local-cluster\[ *[1-9][0-9]* *, *[1-9][0-9]* *, *[1-9][0-9]* *\]$")]
    private static partial Regex LocalClusterPattern();
}
