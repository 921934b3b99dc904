using Kiln.Common.Config;

namespace Kiln.Cluster.Decommission;

/// <summary>Graceful decommission's settings (<see cref="DecommissionConfigKeys"/>), bound once per application.</summary>
/// <param name="ShuffleBlocks">Move map outputs to live executors (or the fallback storage).</param>
/// <param name="RddBlocks">Move cached blocks too (not implemented: cached blocks are recomputed).</param>
/// <param name="ForceKillTimeout">The longest a decommission may take before the executor is killed.</param>
/// <param name="FallbackStoragePath">Where map outputs go when no live executor can take them; empty for none.</param>
public sealed record DecommissionOptions(bool ShuffleBlocks, bool RddBlocks, TimeSpan ForceKillTimeout, string FallbackStoragePath)
{
    /// <summary>The configured settings, or null when <c>kiln.decommission.enabled</c> is off.</summary>
    public static DecommissionOptions? FromConf(KilnConf conf)
    {
        ArgumentNullException.ThrowIfNull(conf);
        return conf.Get(DecommissionConfigKeys.Enabled)
            ? new DecommissionOptions(
                conf.Get(DecommissionConfigKeys.ShuffleBlocksEnabled),
                conf.Get(DecommissionConfigKeys.RddBlocksEnabled),
                conf.Get(DecommissionConfigKeys.ForceKillTimeout),
                conf.Get(DecommissionConfigKeys.FallbackStoragePath))
            : null;
    }

    public bool HasFallbackStorage => FallbackStoragePath.Length > 0;
}
