using Kiln.Common.Config;

[assembly: ConfigModule(typeof(Kiln.Cluster.Decommission.DecommissionConfigKeys))]

namespace Kiln.Cluster.Decommission;

/// <summary>
/// The configuration keys of graceful decommission (<see cref="DecommissionOptions"/>), each also accepted in
/// Spark's spelling (<c>spark.decommission.enabled</c>, <c>spark.storage.decommission.*</c>,
/// <c>spark.executor.decommission.forceKillTimeout</c>).
/// </summary>
public static class DecommissionConfigKeys
{
    private const string Since = "0.4.0";

    public static readonly TypedConfigEntry<bool> Enabled = Flag(
        "kiln.decommission.enabled",
        "An executor that leaves (removed by dynamic allocation, DecommissionExecutor, or SIGTERM to its process, as from a pod deletion or a node drain) first stops taking tasks, finishes its running ones and hands its data to live executors, then exits. Off: it leaves at once and what it held is recomputed when read.",
        false,
        "spark.decommission.enabled");

    public static readonly TypedConfigEntry<bool> ShuffleBlocksEnabled = Flag(
        "kiln.storage.decommission.shuffleBlocks.enabled",
        "With decommission enabled, move a leaving executor's map outputs to a live executor (or to fallbackStorage.path when none is left) and point the driver's map output locations at the new holder.",
        true,
        "spark.storage.decommission.shuffleBlocks.enabled");

    public static readonly TypedConfigEntry<bool> RddBlocksEnabled = Flag(
        "kiln.storage.decommission.rddBlocks.enabled",
        "With decommission enabled, move a leaving executor's cached blocks too. Not implemented yet: accepted, and cached blocks of a leaving executor are recomputed from lineage when read (a warning says so).",
        false,
        "spark.storage.decommission.rddBlocks.enabled");

    public static readonly TypedConfigEntry<TimeSpan> ForceKillTimeout = new(
        "kiln.executor.decommission.forceKillTimeout",
        "The longest a decommission may take, from the request to the executor's exit (running tasks, migration, readers of the old locations); after it the executor is killed and what it still held is recomputed when read.",
        () => TimeSpan.FromMinutes(2),
        "2min",
        ConfigParsers.ParseDuration,
        "a positive duration such as 60s",
        t => t <= TimeSpan.Zero ? "must be positive" : null,
        Since,
        "spark.executor.decommission.forceKillTimeout");

    public static readonly TypedConfigEntry<string> FallbackStoragePath = new(
        "kiln.storage.decommission.fallbackStorage.path",
        "A directory every executor can read and write (a shared volume), where a leaving executor puts its map outputs when no live executor can take them; reducers then read them from there. Empty: without a live peer the outputs are lost and recomputed when read.",
        () => string.Empty,
        "(none)",
        s => s.Trim(),
        "a directory path",
        null,
        Since,
        "spark.storage.decommission.fallbackStorage.path");

    public static IReadOnlyList<ConfigEntry> All { get; } = [Enabled, ShuffleBlocksEnabled, RddBlocksEnabled, ForceKillTimeout, FallbackStoragePath];

    private static TypedConfigEntry<bool> Flag(string key, string doc, bool defaultValue, string alias) => new(
        key,
        doc,
        () => defaultValue,
        defaultValue ? "true" : "false",
        ConfigParsers.ParseBool,
        "true or false",
        null,
        Since,
        alias);
}
