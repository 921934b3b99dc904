using System.Globalization;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Scheduler.Backends;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Managers;

/// <summary><c>local</c>, <c>local[N]</c>, <c>local[*]</c>: the driver and N task threads in this process (the embedded default).</summary>
public sealed class LocalClusterManager : IClusterManager
{
    public string MasterForm => "local, local[N], local[*]";

    public bool CanCreate(string master) => master == "local" || master?.StartsWith("local[", StringComparison.Ordinal) == true;

    public Task<ISchedulerBackend> CreateBackendAsync(string master, ClusterManagerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var threads = Threads(master);
        if (context.Conf.Get(Allocation.DynamicAllocationConfigKeys.Enabled))
        {
            // As Spark: dynamic allocation does not apply to local mode, whose task threads are fixed.
            Allocation.AllocationLog.IgnoredOnLocal(context.LoggerFactory.CreateLogger("Kiln.Cluster.Driver"), master);
        }

        return Task.FromResult(context.LocalBackend(threads));
    }

    /// <exception cref="ConfigException">Not local, local[*] or local[N] with N at least 1.</exception>
    public static int Threads(string master) => master switch
    {
        "local" => 1,
        "local[*]" => Environment.ProcessorCount,
        _ when master.StartsWith("local[", StringComparison.Ordinal) && master.EndsWith(']') && int.TryParse(master[6..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => n,
        _ => throw new ConfigException(ConfigKeys.Master.Key, $"'{master}' is not a local master; write local, local[*] or local[N] with N at least 1"),
    };
}
