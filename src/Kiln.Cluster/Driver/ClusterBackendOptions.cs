using Kiln.Common.Config;
using Kiln.Execution.UserCode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Cluster.Driver;

/// <summary>What a <see cref="ClusterBackend"/> starts: how many executors of what size, for which application.</summary>
public sealed record ClusterBackendOptions
{
    public required string AppId { get; init; }

    /// <summary>The application's configuration; executors run with it (the secret excepted, which they get from their environment).</summary>
    public required KilnConf Conf { get; init; }

    /// <summary>How many executors to start with; <see cref="ClusterBackend.RequestTotalExecutors"/> changes the target later.</summary>
    public required int Executors { get; init; }

    /// <summary>
    /// Start-up returns once this share of <see cref="Executors"/> has registered (Spark's
    /// <c>minRegisteredResourcesRatio</c>), or after <see cref="MaxRegisteredWait"/>, whichever comes first.
    /// </summary>
    public double MinRegisteredRatio { get; init; } = 1.0;

    /// <summary>The longest start-up waits for <see cref="MinRegisteredRatio"/>; tasks then wait for executors still coming.</summary>
    public TimeSpan MaxRegisteredWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True (local processes): an executor lost before start-up is done fails the start with its output, since a
    /// replacement would fail the same way. False (pods): it is replaced, and the launcher fails the application
    /// through <see cref="ExecutorExit.FailsApplication"/> when no executor can start.
    /// </summary>
    public bool FailStartOnLoss { get; init; } = true;

    /// <summary>How long an executor may take to register before it counts as lost; null: <c>kiln.executor.startTimeout</c>.</summary>
    public TimeSpan? StartTimeout { get; init; }

    public required int CoresPerExecutor { get; init; }

    public required int MemoryMiB { get; init; }

    /// <summary>The application's broadcasts and cache locations: executors fetch broadcasts from it, are told of removals, and lose their blocks with them.</summary>
    public UserCodeDriver? UserCode { get; init; }

    /// <summary>Assemblies and directories executors load the application's lambdas from (paths on their machine).</summary>
    public IReadOnlyList<string> ApplicationFiles { get; init; } = [];

    /// <summary>Where executors reach the driver; loopback for local-cluster (<c>kiln.driver.host</c> on Kubernetes).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Where the driver listens when that differs from <see cref="Host"/> (<c>kiln.driver.bindAddress</c>, e.g. 0.0.0.0); null: <see cref="Host"/>.</summary>
    public string? BindAddress { get; init; }

    /// <summary>The port the driver listens on; 0 picks a free one (<c>kiln.driver.port</c>).</summary>
    public int Port { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where executor added / removed events go (the UI, event log and metrics); null: nowhere.</summary>
    public Scheduler.Events.ListenerBus? Events { get; init; }
}
