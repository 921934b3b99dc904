using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln.Cluster.Kubernetes;

/// <summary>A <c>k8s://</c> master: <c>k8s://https://HOST:PORT</c> names the API server (<c>k8s://HOST:PORT</c> means https).</summary>
public sealed record KubernetesMaster(Uri ApiServer)
{
    public const string Prefix = "k8s://";

    /// <exception cref="ConfigException">Not a k8s:// URL with a host.</exception>
    public static KubernetesMaster Parse(string master)
    {
        ArgumentNullException.ThrowIfNull(master);
        if (!master.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ConfigException(ConfigKeys.Master.Key, $"'{master}' is not a Kubernetes master; write k8s://https://HOST:PORT");
        }

        var rest = master[Prefix.Length..];
        if (!rest.Contains("://", StringComparison.Ordinal))
        {
            rest = "https://" + rest;
        }

        if (!Uri.TryCreate(rest, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.Scheme is not ("https" or "http"))
        {
            throw new ConfigException(ConfigKeys.Master.Key, $"'{master}' does not name a Kubernetes API server; write k8s://https://HOST:PORT, as `kubectl cluster-info` shows it");
        }

        return new KubernetesMaster(uri);
    }
}
