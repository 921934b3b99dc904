using Kiln.Network;

namespace Kiln.Cluster.Driver;

/// <summary>
/// What an executor is started with, in terms that hold on any machine: no path of the driver's file system is in it
/// (TLS material travels as bytes), so a launcher may start the executor elsewhere (a pod) as well as here.
/// </summary>
/// <param name="Driver">Where the executor registers.</param>
/// <param name="Conf">Settings the executor needs before it registers (network): passed as <c>--conf</c>; never secrets, never TLS file paths.</param>
/// <param name="Tls">The application's TLS certificate, key and trusted certificates when TLS is on; the launcher puts them where the executor reads them.</param>
public sealed record ExecutorLaunchSpec(
    string ExecutorId,
    NetworkAddress Driver,
    string AppId,
    int Cores,
    int MemoryMiB,
    NetworkSecret Secret,
    IReadOnlyDictionary<string, string> Conf,
    ExecutorTlsMaterial? Tls = null);
