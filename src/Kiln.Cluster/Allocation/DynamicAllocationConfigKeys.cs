using Kiln.Common.Config;

[assembly: ConfigModule(typeof(Kiln.Cluster.Allocation.DynamicAllocationConfigKeys))]

namespace Kiln.Cluster.Allocation;

/// <summary>
/// The configuration keys of dynamic allocation (<see cref="ExecutorAllocationManager"/>), each also accepted in
/// Spark's <c>spark.dynamicAllocation.*</c> spelling. Durations accept <c>infinity</c>.
/// </summary>
public static class DynamicAllocationConfigKeys
{
    private const string Since = "0.4.0";
    private const string Prefix = "kiln.dynamicAllocation.";

    public static readonly TypedConfigEntry<bool> Enabled = new(
        Prefix + "enabled",
        "Grow and shrink the number of executors with the work: more while tasks wait for cores, fewer when executors are idle. Applies to local-cluster and k8s:// masters; ignored, with a warning, on local[N].",
        () => false,
        "false",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.dynamicAllocation.enabled");

    public static readonly TypedConfigEntry<int> MinExecutors = Count(
        "minExecutors", "The fewest executors dynamic allocation keeps, idle or not.", 0, "0");

    public static readonly TypedConfigEntry<int> MaxExecutors = Count(
        "maxExecutors", "The most executors dynamic allocation asks for.", int.MaxValue, "infinity");

    public static readonly TypedConfigEntry<int> InitialExecutors = Count(
        "initialExecutors",
        "How many executors the application starts with (at least minExecutors, and at least the E of local-cluster[E,C,M]). Unset: minExecutors.",
        0,
        "(minExecutors)");

    public static readonly TypedConfigEntry<double> ExecutorAllocationRatio = new(
        Prefix + "executorAllocationRatio",
        "Share of the executors needed to run every pending and running task at once that dynamic allocation asks for: 1 gives each task a core, 0.5 half as many executors.",
        () => 1.0,
        "1.0",
        s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        "a number greater than 0, at most 1",
        r => r is <= 0 or > 1 ? "must be greater than 0 and at most 1" : null,
        Since,
        "spark.dynamicAllocation.executorAllocationRatio");

    public static readonly TypedConfigEntry<TimeSpan> SchedulerBacklogTimeout = Duration(
        "schedulerBacklogTimeout",
        "How long tasks must have waited for cores before the first extra executor is asked for.",
        TimeSpan.FromSeconds(1),
        "1s",
        positive: true);

    public static readonly TypedConfigEntry<TimeSpan> SustainedSchedulerBacklogTimeout = Duration(
        "sustainedSchedulerBacklogTimeout",
        "While tasks keep waiting, how often the next, doubled, request for executors is made (1, 2, 4, ... more). Unset: schedulerBacklogTimeout.",
        TimeSpan.Zero,
        "(schedulerBacklogTimeout)",
        positive: true);

    public static readonly TypedConfigEntry<TimeSpan> ExecutorIdleTimeout = Duration(
        "executorIdleTimeout",
        "An executor without running tasks for this long is removed (never below minExecutors), unless it holds cached blocks or shuffle data still needed.",
        TimeSpan.FromSeconds(60),
        "60s",
        positive: false);

    public static readonly TypedConfigEntry<TimeSpan> CachedExecutorIdleTimeout = Duration(
        "cachedExecutorIdleTimeout",
        "An idle executor holding cached blocks (DataFrame.Cache) is removed after this long instead of executorIdleTimeout.",
        TimeSpan.MaxValue,
        "infinity",
        positive: false);

    public static readonly TypedConfigEntry<bool> ShuffleTrackingEnabled = new(
        Prefix + "shuffleTracking.enabled",
        "Keep an idle executor while it holds map outputs that a running or later stage still reads (for at most shuffleTracking.timeout). Off: idle executors go with their shuffle files, and the stages reading them recompute the lost outputs.",
        () => true,
        "true",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        "spark.dynamicAllocation.shuffleTracking.enabled");

    public static readonly TypedConfigEntry<TimeSpan> ShuffleTrackingTimeout = Duration(
        "shuffleTracking.timeout",
        "With shuffle tracking, how long an idle executor holding needed shuffle data is kept; after that it is removed and the lost outputs are recomputed when read.",
        TimeSpan.MaxValue,
        "infinity",
        positive: false);

    public static IReadOnlyList<ConfigEntry> All { get; } =
    [
        Enabled, MinExecutors, MaxExecutors, InitialExecutors, ExecutorAllocationRatio, SchedulerBacklogTimeout,
        SustainedSchedulerBacklogTimeout, ExecutorIdleTimeout, CachedExecutorIdleTimeout, ShuffleTrackingEnabled, ShuffleTrackingTimeout,
    ];

    /// <summary>A duration, or <c>infinity</c> (<see cref="TimeSpan.MaxValue"/>).</summary>
    public static TimeSpan ParseDuration(string text) =>
        string.Equals(text?.Trim(), "infinity", StringComparison.OrdinalIgnoreCase) ? TimeSpan.MaxValue : ConfigParsers.ParseDuration(text!);

    private static TypedConfigEntry<int> Count(string name, string doc, int defaultValue, string defaultText) => new(
        Prefix + name,
        doc,
        () => defaultValue,
        defaultText,
        s => string.Equals(s, "infinity", StringComparison.OrdinalIgnoreCase) ? int.MaxValue : ConfigParsers.ParseInt(s),
        "an integer of at least 0",
        n => n < 0 ? "must not be negative" : null,
        Since,
        "spark.dynamicAllocation." + name);

    private static TypedConfigEntry<TimeSpan> Duration(string name, string doc, TimeSpan defaultValue, string defaultText, bool positive) => new(
        Prefix + name,
        doc,
        () => defaultValue,
        defaultText,
        ParseDuration,
        positive ? "a positive duration such as 1s or 500ms" : "a duration such as 60s, or infinity",
        t => positive ? (t <= TimeSpan.Zero ? "must be positive" : null) : (t < TimeSpan.Zero ? "must not be negative" : null),
        Since,
        "spark.dynamicAllocation." + name);
}
