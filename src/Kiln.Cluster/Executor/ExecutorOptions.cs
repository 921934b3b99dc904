using Kiln.Common.Config;
using Kiln.Network;

namespace Kiln.Cluster.Executor;

/// <summary>
/// How an executor process is started (<c>kiln executor --driver HOST:PORT --executor-id N --cores C --memory M
/// --app-id ID --local-dir DIR [--host HOST] [--conf k=v ...]</c>). The application secret comes from the
/// environment variable <see cref="SecretVariable"/>, never the command line, where <c>ps</c> would show it.
/// </summary>
public sealed record ExecutorOptions
{
    /// <summary>The environment variable holding the application secret (<c>kiln.authenticate.secret</c>).</summary>
    public const string SecretVariable = "KILN_AUTH_SECRET";

    public required NetworkAddress Driver { get; init; }

    public required string ExecutorId { get; init; }

    /// <summary>How many tasks run at once (C of local-cluster[E,C,M]).</summary>
    public required int Cores { get; init; }

    /// <summary>The executor's memory in MiB (M of local-cluster[E,C,M]); task budgets are carved from it.</summary>
    public required int MemoryMiB { get; init; }

    public required string AppId { get; init; }

    /// <summary>The root directory; this executor's files go to <c>DIR/APP-ID/executor-N</c>.</summary>
    public required string LocalDir { get; init; }

    /// <summary>The host other processes reach this executor's block server at; it also listens there.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public required NetworkSecret Secret { get; init; }

    /// <summary>Settings needed before registration (network, TLS); the driver sends the rest when it accepts the executor.</summary>
    public KilnConf Conf { get; init; } = new();

    /// <summary>The executor's own directory under <see cref="LocalDir"/>.</summary>
    public string Directory => Path.Combine(LocalDir, AppId, DirectoryName(ExecutorId));

    /// <summary>The directory name of an executor's files under the application's directory.</summary>
    public static string DirectoryName(string executorId) => $"executor-{executorId}";
}
