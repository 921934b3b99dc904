using Kiln.Common.Config;
using Kiln.Common.Errors;
using Keys = Kiln.Cluster.Allocation.DynamicAllocationConfigKeys;

namespace Kiln.Cluster.Allocation;

/// <summary>The validated <c>kiln.dynamicAllocation.*</c> settings an <see cref="ExecutorAllocationManager"/> follows.</summary>
public sealed record DynamicAllocationSettings
{
    public int MinExecutors { get; init; }

    public int MaxExecutors { get; init; } = int.MaxValue;

    /// <summary>The explicitly configured initial count; null: <see cref="MinExecutors"/>.</summary>
    public int? InitialExecutors { get; init; }

    public double ExecutorAllocationRatio { get; init; } = 1.0;

    public TimeSpan SchedulerBacklogTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan SustainedSchedulerBacklogTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ExecutorIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan CachedExecutorIdleTimeout { get; init; } = TimeSpan.MaxValue;

    public bool ShuffleTracking { get; init; } = true;

    public TimeSpan ShuffleTrackingTimeout { get; init; } = TimeSpan.MaxValue;

    /// <summary>
    /// How many executors to start with: the largest of minExecutors, initialExecutors and the executors the master
    /// asks for (<paramref name="requested"/>, Spark's <c>spark.executor.instances</c>), capped at maxExecutors.
    /// </summary>
    public int Initial(int requested) => Math.Min(MaxExecutors, Math.Max(Math.Max(MinExecutors, InitialExecutors ?? MinExecutors), requested));

    /// <summary>The settings when <c>kiln.dynamicAllocation.enabled</c> is true, else null.</summary>
    /// <exception cref="ConfigException">The bounds contradict each other (min &lt;= initial &lt;= max, max &gt; 0); the message names the keys.</exception>
    public static DynamicAllocationSettings? FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        if (!conf.Get(Keys.Enabled))
        {
            return null;
        }

        var min = conf.Get(Keys.MinExecutors);
        var max = conf.Get(Keys.MaxExecutors);
        int? initial = conf.IsSet(Keys.InitialExecutors) ? conf.Get(Keys.InitialExecutors) : null;
        if (max == 0)
        {
            throw new ConfigException(Keys.MaxExecutors.Key, $"{Keys.MaxExecutors.Key} must be at least 1 with dynamic allocation enabled");
        }

        if (min > max)
        {
            throw new ConfigException(Keys.MinExecutors.Key, $"{Keys.MinExecutors.Key} ({min}) must be less than or equal to {Keys.MaxExecutors.Key} ({max})");
        }

        if (initial is { } i && (i < min || i > max))
        {
            throw new ConfigException(
                Keys.InitialExecutors.Key,
                $"{Keys.InitialExecutors.Key} ({i}) must be between {Keys.MinExecutors.Key} ({min}) and {Keys.MaxExecutors.Key} ({Describe(max)})");
        }

        var backlog = conf.Get(Keys.SchedulerBacklogTimeout);
        return new DynamicAllocationSettings
        {
            MinExecutors = min,
            MaxExecutors = max,
            InitialExecutors = initial,
            ExecutorAllocationRatio = conf.Get(Keys.ExecutorAllocationRatio),
            SchedulerBacklogTimeout = backlog,
            SustainedSchedulerBacklogTimeout = conf.IsSet(Keys.SustainedSchedulerBacklogTimeout) ? conf.Get(Keys.SustainedSchedulerBacklogTimeout) : backlog,
            ExecutorIdleTimeout = conf.Get(Keys.ExecutorIdleTimeout),
            CachedExecutorIdleTimeout = conf.Get(Keys.CachedExecutorIdleTimeout),
            ShuffleTracking = conf.Get(Keys.ShuffleTrackingEnabled),
            ShuffleTrackingTimeout = conf.Get(Keys.ShuffleTrackingTimeout),
        };
    }

    private static string Describe(int max) => max == int.MaxValue ? "infinity" : max.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
