using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using Kiln.Cluster.Driver;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Cluster.Kubernetes.Pods;
using Kiln.Cluster.Managers;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Kubernetes;
using Kiln.Network;
using Kiln.Scheduler.Backends;

namespace Kiln.Cluster.Kubernetes;

/// <summary>
/// <c>k8s://https://HOST:PORT</c> in client mode: the driver runs here and its executors run in pods that it creates,
/// watches, replaces and deletes through that API server. Everything a user can get wrong is checked before the first
/// pod is created: the image, the pod template, the volumes, the namespace and the right to manage pods in it.
/// </summary>
public sealed class KubernetesClusterManager : IClusterManager
{
    public string MasterForm => "k8s://https://HOST:PORT";

    public bool CanCreate(string master) => master?.StartsWith(KubernetesMaster.Prefix, StringComparison.Ordinal) == true;

    public async Task<ISchedulerBackend> CreateBackendAsync(string master, ClusterManagerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var conf = context.Conf;
        var options = KubernetesExecutorOptions.FromConf(conf, context.AppId);
        var builder = new ExecutorPodBuilder(options);
        var api = CreateClient(KubernetesMaster.Parse(master), conf);
        try
        {
            var owner = await CheckAccessAsync(api, options, cancellationToken).ConfigureAwait(false);
            var host = DriverHost(conf, api.BaseUri);
            builder.Build(new ExecutorPodContext(options, ProbeSpec(options, host), "kiln-check-exec-0", "kiln-check-auth", owner));
            var launcher = new KubernetesExecutorLauncher(api, options, builder, AllocationSettings.FromConf(conf), owner, TimeProvider.System, context.LoggerFactory, context.ExecutorLogs);
            var backendOptions = new ClusterBackendOptions
            {
                AppId = context.AppId,
                Conf = conf,
                Executors = conf.Get(KubernetesConfigKeys.ExecutorInstances),
                CoresPerExecutor = options.Cores,
                MemoryMiB = options.HeapMiB,
                UserCode = context.UserCode,
                ApplicationFiles = context.ApplicationFiles,
                LoggerFactory = context.LoggerFactory,
                Events = context.Events,
                Host = host,
                BindAddress = conf.Get(KubernetesConfigKeys.DriverBindAddress) is { Length: > 0 } bind ? bind : null,
                Port = conf.Get(KubernetesConfigKeys.DriverPort),
                FailStartOnLoss = false,
                MinRegisteredRatio = conf.IsSet(ConfigKeys.MinRegisteredResourcesRatio) ? conf.Get(ConfigKeys.MinRegisteredResourcesRatio) : 0.8,
                MaxRegisteredWait = conf.Get(ConfigKeys.MaxRegisteredResourcesWaitingTime),
                StartTimeout = conf.Get(KubernetesConfigKeys.AllocationExecutorTimeout),
            };
            return new KubernetesBackend(await ClusterBackend.StartAsync(backendOptions, launcher, context.MapOutputs, cancellationToken).ConfigureAwait(false), launcher, api);
        }
        catch
        {
            (api as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>The kubeconfig's credentials (KUBECONFIG or ~/.kube/config, else the in-cluster service account), talking to the master's API server.</summary>
    /// <exception cref="ConfigException">No usable kubeconfig.</exception>
    internal static IKubernetes CreateClient(KubernetesMaster master, KilnConf conf)
    {
        KubernetesClientConfiguration config;
        var context = conf.Get(KubernetesConfigKeys.Context);
        try
        {
            config = KubernetesClients.LoadConfiguration(context: context.Length == 0 ? null : context);
        }
        catch (Kiln.Kubernetes.KubeConfigException e)
        {
            throw new ConfigException(KubernetesConfigKeys.Context.Key, $"cannot reach the Kubernetes API server {master.ApiServer}: {e.Message}", e);
        }

        config.Host = master.ApiServer.ToString();
        return KubernetesClients.Create(config);
    }

    /// <summary>Lists pods in the namespace (the allocator's first call): a missing namespace or a missing RBAC rule fails here, before anything is created.</summary>
    private static async Task<V1OwnerReference?> CheckAccessAsync(IKubernetes api, KubernetesExecutorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await api.CoreV1.ListNamespacedPodAsync(options.Namespace, labelSelector: ExecutorPodLabels.Selector(options.AppId), limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);

            // Listing pods of a namespace that does not exist answers an empty list; reading it says so (a driver
            // allowed only inside its namespace may not read namespaces: then the pods themselves will tell).
            await api.CoreV1.ReadNamespaceAsync(options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException e) when (e.Request.Resource == "namespaces")
        {
            throw new ConfigException(KubernetesConfigKeys.Namespace.Key, $"the namespace {options.Namespace} does not exist on the cluster; create it (kubectl create namespace {options.Namespace}) or set kiln.kubernetes.namespace", e);
        }
        catch (KubernetesForbiddenException e) when (e.Request.Resource == "namespaces")
        {
        }
        catch (Exception e) when (e is not ConfigException and not OperationCanceledException)
        {
            throw new KubernetesBackendException(
                $"the driver cannot manage executor pods in namespace {options.Namespace}: {e.Message}{Advice(e, options.Namespace)}", e);
        }

        if (options.DriverPodName is not { } driverPod)
        {
            return null;
        }

        try
        {
            var pod = await api.CoreV1.ReadNamespacedPodAsync(driverPod, options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return OwnerReferenceFeatureStep.DriverOwner(pod);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ConfigException(KubernetesConfigKeys.DriverPodName.Key, $"kiln.kubernetes.driver.pod.name names {driverPod}, which the driver cannot read in namespace {options.Namespace}: {e.Message}", e);
        }
    }

    private static string Advice(Exception e, string ns) => ApiErrors.StatusOf(e) switch
    {
        HttpStatusCode.Forbidden =>
            $"; the driver's identity needs a Role in {ns} with: rules: [{{apiGroups: [\"\"], resources: [pods, pods/log, secrets, persistentvolumeclaims], verbs: [get, list, watch, create, delete, deletecollection]}}] and a RoleBinding to it (see docs/running-on-kubernetes.md)",
        HttpStatusCode.Unauthorized => "; the kubeconfig's credentials were refused (expired token or certificate?)",
        null => "; is the API server reachable at the master URL?",
        _ => string.Empty,
    };

    /// <summary>
    /// Where executors reach the driver: <c>kiln.driver.host</c>; else 127.0.0.1 when the API server is on loopback (a
    /// test cluster on this machine), else this machine's first non-loopback IPv4 address.
    /// </summary>
    internal static string DriverHost(KilnConf conf, Uri apiServer)
    {
        if (conf.Get(KubernetesConfigKeys.DriverHost) is { Length: > 0 } host)
        {
            return host;
        }

        if (apiServer.IsLoopback || (IPAddress.TryParse(apiServer.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            return "127.0.0.1";
        }

        var address = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return address?.ToString() ?? throw new ConfigException(KubernetesConfigKeys.DriverHost.Key, "cannot tell which address executor pods reach this driver at; set kiln.driver.host (spark.driver.host) to it");
    }

    private static ExecutorLaunchSpec ProbeSpec(KubernetesExecutorOptions options, string host) =>
        new("0", new NetworkAddress(host, 1), options.AppId, options.Cores, options.HeapMiB, NetworkSecret.Generate(), new Dictionary<string, string>());
}
