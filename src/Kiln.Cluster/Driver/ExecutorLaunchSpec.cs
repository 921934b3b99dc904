using Kiln.Network;

namespace Kiln.Cluster.Driver;

/// <summary>What an executor process is started with; the launcher turns it into a command line and environment.</summary>
/// <param name="Driver">Where the executor registers.</param>
/// <param name="LocalDir">The root under which the executor keeps its files (<c>LocalDir/AppId/executor-N</c>).</param>
/// <param name="Conf">Settings the executor needs before it registers (network, TLS): passed as <c>--conf</c>; never secrets.</param>
public sealed record ExecutorLaunchSpec(
    string ExecutorId,
    NetworkAddress Driver,
    string AppId,
    int Cores,
    int MemoryMiB,
    string LocalDir,
    string Host,
    NetworkSecret Secret,
    IReadOnlyDictionary<string, string> Conf);
