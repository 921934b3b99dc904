using Kiln.Cluster.Kubernetes;
using Kiln.Cluster.Managers;
using Kiln.Common.Config;
using Kiln.Common.Errors;

namespace Kiln;

/// <summary>
/// The cluster managers a session can run on, asked in order whether they run the master URL: local threads,
/// local executor processes, Kubernetes pods. No match is a configuration error listing every supported form.
/// </summary>
public static class ClusterManagers
{
    private static readonly IClusterManager[] Registered = [new LocalClusterManager(), new LocalProcessClusterManager(), new KubernetesClusterManager()];

    /// <exception cref="ConfigException">No manager runs <paramref name="master"/>.</exception>
    public static IClusterManager For(string master) =>
        Registered.FirstOrDefault(m => m.CanCreate(master))
        ?? throw new ConfigException(ConfigKeys.Master.Key, $"'{master}' is not a supported master; use {string.Join(", ", Registered.Select(m => m.MasterForm))}");
}
