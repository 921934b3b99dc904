using System.Globalization;
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
    ExecutorTlsMaterial? Tls = null)
{
    /// <summary>
    /// The <c>kiln executor</c> arguments of this executor, with its files under <paramref name="localDir"/>, its block
    /// server on <paramref name="host"/> and <paramref name="extraConf"/> after <see cref="Conf"/>.
    /// </summary>
    public IReadOnlyList<string> Arguments(string localDir, string host, IReadOnlyDictionary<string, string>? extraConf = null)
    {
        ArgumentNullException.ThrowIfNull(localDir);
        ArgumentNullException.ThrowIfNull(host);
        var args = new List<string>
        {
            "executor",
            "--driver", Driver.ToString(),
            "--executor-id", ExecutorId,
            "--cores", Cores.ToString(CultureInfo.InvariantCulture),
            "--memory", MemoryMiB.ToString(CultureInfo.InvariantCulture),
            "--app-id", AppId,
            "--local-dir", localDir,
            "--host", host,
        };
        foreach (var (key, value) in Conf.Concat(extraConf ?? new Dictionary<string, string>()))
        {
            args.Add("--conf");
            args.Add($"{key}={value}");
        }

        return args;
    }
}
