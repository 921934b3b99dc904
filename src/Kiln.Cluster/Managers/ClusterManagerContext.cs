using Kiln.Common.Config;
using Kiln.Execution.Shuffle;
using Kiln.Execution.UserCode;
using Kiln.Scheduler.Backends;
using Kiln.Scheduler.Events;
using Microsoft.Extensions.Logging;

namespace Kiln.Cluster.Managers;

/// <summary>What the engine gives a cluster manager to start a backend with.</summary>
/// <param name="LocalBackend">Makes the in-process backend with N task threads (what local[N] runs on).</param>
/// <param name="ApplicationFiles">Where executors load the application's lambdas from.</param>
public sealed record ClusterManagerContext(
    string AppId,
    KilnConf Conf,
    MapOutputTracker MapOutputs,
    UserCodeDriver UserCode,
    IReadOnlyList<string> ApplicationFiles,
    Func<int, ISchedulerBackend> LocalBackend,
    ILoggerFactory LoggerFactory)
{
    /// <summary>Where the backend posts executor added / removed events; null: nowhere.</summary>
    public ListenerBus? Events { get; init; }

    /// <summary>Where executors' output is kept (stdout, stderr; pod logs); null: not kept.</summary>
    public IExecutorLogSink? ExecutorLogs { get; init; }
}
