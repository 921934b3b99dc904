using Kiln.Cluster.Kubernetes;
using Kiln.Cluster.Kubernetes.Submission;
using Kiln.Common.Config;
using Kiln.Status;

namespace Kiln.Cli.Commands;

/// <summary>
/// <c>kiln driver --properties-file FILE APP [args]</c>: what a cluster-mode driver pod runs (its container's
/// arguments, written by <see cref="DriverPodBuilder"/>). It fetches the bundle kiln submit staged (when the pod names
/// one, <see cref="StagedFiles"/>) and deletes it when the application ends, reads the submitted configuration from the ConfigMap's
/// file, points the session at the API server from inside the cluster, listens at the pod's IP, copies the shipped
/// files into its working directory, and runs the application as <c>kiln submit</c> does in client mode.
/// </summary>
public static class DriverCommand
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 3 || args[0] != "--properties-file")
        {
            throw new CliUsageException("driver runs in a cluster-mode driver pod: kiln driver --properties-file FILE APP.dll [arguments] (use kiln submit --deploy-mode cluster to start one)");
        }

        var staged = StagedFiles.Fetch("driver");
        try
        {
            return Run(args[1], args[2], args[3..]);
        }
        finally
        {
            if (staged is not null)
            {
                StagedFiles.Delete(staged);
            }
        }
    }

    private static int Run(string file, string app, string[] appArgs)
    {
        if (!File.Exists(file))
        {
            throw new CliUsageException($"driver: the configuration file {file} does not exist (is the driver's ConfigMap mounted?)");
        }

        var conf = new KilnConf();
        foreach (var (key, value) in PropertiesFile.Read(File.ReadAllText(file), file))
        {
            conf.Set(key, value);
        }

        conf.Remove(DriverConfigKeys.DeployMode.Key);
        var podIp = Environment.GetEnvironmentVariable(DriverPodLabels.PodIpVariable);
        if (podIp is { Length: > 0 })
        {
            conf.Set(KubernetesConfigKeys.DriverBindAddress.Key, podIp);
            conf.Set(MonitoringConfigKeys.UiHost.Key, podIp);
            if (!conf.IsSet(KubernetesConfigKeys.DriverHost))
            {
                conf.Set(KubernetesConfigKeys.DriverHost.Key, podIp);
            }
        }

        conf.Set(ConfigKeys.Master.Key, InClusterMaster(conf));
        foreach (var shipped in conf.Get(DriverConfigKeys.AppFilesToShip).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var source = Local(shipped);
            File.Copy(source, Path.Combine(Environment.CurrentDirectory, Path.GetFileName(source)), overwrite: true);
        }

        return SubmitCommand.RunInProcess(conf, Local(app), appArgs);
    }

    /// <summary>The API server as seen from the pod: kiln.kubernetes.driver.master, else the in-cluster service address.</summary>
    private static string InClusterMaster(KilnConf conf)
    {
        if (conf.Get(DriverConfigKeys.DriverMaster) is { Length: > 0 } master)
        {
            return master.StartsWith(KubernetesMaster.Prefix, StringComparison.Ordinal) ? master : KubernetesMaster.Prefix + master;
        }

        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            return conf.Get(ConfigKeys.Master);
        }

        return $"{KubernetesMaster.Prefix}https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
    }

    private static string Local(string path) => path.StartsWith(ApplicationUpload.LocalScheme, StringComparison.Ordinal) ? path[ApplicationUpload.LocalScheme.Length..] : path;
}
