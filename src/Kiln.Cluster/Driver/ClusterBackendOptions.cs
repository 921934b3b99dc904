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

    public required int Executors { get; init; }

    public required int CoresPerExecutor { get; init; }

    public required int MemoryMiB { get; init; }

    /// <summary>The application's broadcasts and cache locations: executors fetch broadcasts from it, are told of removals, and lose their blocks with them.</summary>
    public UserCodeDriver? UserCode { get; init; }

    /// <summary>Assemblies and directories executors load the application's lambdas from (paths on their machine).</summary>
    public IReadOnlyList<string> ApplicationFiles { get; init; } = [];

    /// <summary>Where the driver listens and executors serve blocks; loopback for local-cluster.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
