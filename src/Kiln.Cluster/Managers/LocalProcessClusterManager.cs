using System.Globalization;
using Kiln.Cluster.Driver;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Scheduler.Backends;

namespace Kiln.Cluster.Managers;

/// <summary><c>local-cluster[E,C,M]</c>: the driver here and E executor processes on this machine with C cores and M MiB each.</summary>
public sealed class LocalProcessClusterManager : IClusterManager
{
    private const string Prefix = "local-cluster[";

    public string MasterForm => "local-cluster[E,C,M]";

    public bool CanCreate(string master) => master?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public async Task<ISchedulerBackend> CreateBackendAsync(string master, ClusterManagerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (executors, cores, memory) = Parse(master);
        var conf = context.Conf;
        var options = new ClusterBackendOptions
        {
            AppId = context.AppId,
            Conf = conf,
            Executors = executors,
            CoresPerExecutor = cores,
            MemoryMiB = memory,
            UserCode = context.UserCode,
            ApplicationFiles = context.ApplicationFiles,
            LoggerFactory = context.LoggerFactory,
            Events = context.Events,
            MinRegisteredRatio = conf.IsSet(ConfigKeys.MinRegisteredResourcesRatio) ? conf.Get(ConfigKeys.MinRegisteredResourcesRatio) : 1.0,
            MaxRegisteredWait = conf.IsSet(ConfigKeys.MaxRegisteredResourcesWaitingTime) ? conf.Get(ConfigKeys.MaxRegisteredResourcesWaitingTime) : TimeSpan.MaxValue,
        };
        var launcher = new LocalProcessLauncher(ExecutorCommandLine.Resolve(conf), conf.Get(ConfigKeys.LocalDir), logs: context.ExecutorLogs);
        return await ClusterBackend.StartAsync(options, launcher, context.MapOutputs, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="ConfigException">Not local-cluster[E,C,M] with three positive numbers.</exception>
    public static (int Executors, int Cores, int MemoryMiB) Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (master.StartsWith(Prefix, StringComparison.Ordinal) && master.EndsWith(']'))
        {
            var parts = master[Prefix.Length..^1].Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 3 && Positive(parts[0], out var e) && Positive(parts[1], out var c) && Positive(parts[2], out var m))
            {
                return (e, c, m);
            }
        }

        throw new ConfigException(ConfigKeys.Master.Key, $"'{master}' is not a local cluster; write local-cluster[E,C,M] (E executors with C cores and M MiB each)");
    }

    private static bool Positive(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
