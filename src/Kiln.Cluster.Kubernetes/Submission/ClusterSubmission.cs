using System.Net;
using k8s;
using k8s.Models;
using Kiln.Cluster.Kubernetes.Features;
using Kiln.Common.Config;
using Kiln.Common.Errors;
using Kiln.Kubernetes;
using Kiln.Staging;
using Kiln.Staging.Client;

namespace Kiln.Cluster.Kubernetes.Submission;

/// <summary>
/// <c>kiln submit --deploy-mode cluster</c> (Spark's KubernetesClientApplication): checks everything it can before
/// creating anything, creates the driver pod and then the objects it owns (headless Service, ConfigMap), and waits for
/// the driver to end while reporting its status, ending with the driver's result. Local application files reach the
/// pods through the resource staging server (<see cref="StagedApplication"/>) or an upload path (<see cref="ApplicationUpload"/>).
/// </summary>
/// <remarks>
/// Order of creation: the pod first, so that the Service and ConfigMap can name it as their owner; the kubelet holds
/// the pod in ContainerCreating until its ConfigMap exists. If creating them fails, the pod is deleted again, so a
/// failed submission leaves nothing behind.
/// </remarks>
public sealed class ClusterSubmission
{
    private readonly KilnConf _conf;
    private readonly TextWriter _out;

    public ClusterSubmission(KilnConf conf, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(conf);
        ArgumentNullException.ThrowIfNull(output);
        _conf = conf.Clone();
        _out = output;
    }

    /// <summary>Submits <paramref name="app"/> and, unless <c>submission.waitAppCompletion=false</c>, waits for it.</summary>
    /// <returns>The process exit code: 0 when the driver succeeded (or was created, when not waiting), else non-zero.</returns>
    /// <exception cref="ConfigException">A setting is wrong; nothing was created.</exception>
    /// <exception cref="KubernetesBackendException">The API server refused; nothing was left behind.</exception>
    public async Task<int> RunAsync(string app, IReadOnlyList<string> appArgs, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(appArgs);
        ArgumentNullException.ThrowIfNull(files);
        var master = _conf.Get(ConfigKeys.Master);
        if (!master.StartsWith(KubernetesMaster.Prefix, StringComparison.Ordinal))
        {
            throw new ConfigException(DriverConfigKeys.DeployMode.Key, $"--deploy-mode cluster runs the driver in a Kubernetes pod and needs a k8s://https://HOST:PORT master, not {master}; use --deploy-mode client for other masters");
        }

        var appId = _conf.Get(ConfigKeys.AppId) is { Length: > 0 } given ? given : $"kiln-{Guid.NewGuid():N}"[..21];
        var options = DriverPodOptions.FromConf(_conf, appId);
        var builder = new DriverPodBuilder(options);

        // The executors' settings are checked here too: a bad executor setting should not wait for the driver pod to say so.
        var executorOptions = KubernetesExecutorOptions.FromConf(_conf, appId);
        _ = new ExecutorPodBuilder(executorOptions);

        var staged = StagedApplication.Plan(_conf, app, files, options.DriverPodName);
        var (appInPod, filesInPod) = staged is null
            ? ApplicationUpload.Stage(app, files, _conf.Get(DriverConfigKeys.FileUploadPath), appId)
            : (staged.AppInPod, staged.FilesInPod);
        var shipped = new Dictionary<string, string>(_conf.Values, StringComparer.Ordinal)
        {
            [ConfigKeys.AppId.Key] = appId,
            [DriverConfigKeys.DeployMode.Key] = "cluster",
            [KubernetesConfigKeys.DriverPodName.Key] = options.DriverPodName,
        };
        shipped.Remove(DriverConfigKeys.FileUploadPath.Key);
        if (filesInPod.Count > 0)
        {
            shipped[DriverConfigKeys.AppFilesToShip.Key] = string.Join(',', filesInPod);
        }

        if (staged?.Bundle.HasCaCertificate == true)
        {
            shipped[StagingConfigKeys.CaCertFile.Key] = $"{PodStaging.SecretMountPath}/{PodStaging.CaCertKey}";
        }

        var driver = builder.Build(new DriverPodContext(options, appInPod, appArgs, staged?.Bundle), shipped);
        using var api = KubernetesClusterManager.CreateClient(KubernetesMaster.Parse(master), _conf);
        await CheckAsync(api, options, driver, cancellationToken).ConfigureAwait(false);
        V1Pod pod;
        if (staged is null)
        {
            pod = await CreateAsync(api, options, driver, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var (resource, secret) = await staged.UploadAsync(options.Namespace, appId, cancellationToken).ConfigureAwait(false);
            await _out.WriteLineAsync($"kiln: staged {staged.Describe()} on {resource.ServerUri} as resource {resource.ResourceId}").ConfigureAwait(false);
            try
            {
                var resources = driver.Resources.Select(r => r is V1Secret s && s.Metadata.Name == secret.Metadata.Name ? secret : r).ToList();
                pod = await CreateAsync(api, options, driver with { Resources = resources }, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (await staged.TryDeleteAsync(resource).ConfigureAwait(false) is { } failure)
                {
                    await _out.WriteLineAsync($"kiln: could not delete the staged bundle again ({failure}); the staging server removes it when its TTL expires").ConfigureAwait(false);
                }

                throw;
            }
        }

        await _out.WriteLineAsync($"kiln: application {appId} submitted as pod {options.Namespace}/{pod.Metadata.Name}").ConfigureAwait(false);
        if (!_conf.Get(DriverConfigKeys.WaitAppCompletion))
        {
            await _out.WriteLineAsync($"kiln: not waiting for it (kiln.kubernetes.submission.waitAppCompletion=false); follow it with: kiln status {options.Namespace}:{pod.Metadata.Name}").ConfigureAwait(false);
            return 0;
        }

        var watcher = new DriverWatcher(api, options.Namespace, pod.Metadata.Name, _conf.Get(DriverConfigKeys.ReportInterval), _out, TimeProvider.System);
        return await watcher.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The namespace exists, and the API server accepts every object in a dry run (RBAC, admission, validation of
    /// quantities and names, a driver pod of the same name), before anything is created.
    /// </summary>
    private static async Task CheckAsync(IKubernetes api, DriverPodOptions options, DriverPod driver, CancellationToken cancellationToken)
    {
        try
        {
            await api.CoreV1.ReadNamespaceAsync(options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesNotFoundException e)
        {
            throw new ConfigException(KubernetesConfigKeys.Namespace.Key, $"the namespace {options.Namespace} does not exist on the cluster; create it (kubectl create namespace {options.Namespace}) or set kiln.kubernetes.namespace", e);
        }
        catch (KubernetesForbiddenException)
        {
            // A submitter allowed only inside its namespace may not read namespaces; the dry runs below still tell.
        }
        catch (Exception e) when (e is HttpRequestException or KubernetesTimeoutException)
        {
            throw new KubernetesBackendException($"cannot reach the Kubernetes API server at {api.BaseUri}: {ExceptionMessages.WithCauses(e)}; is the master URL right, and is the cluster up?", e);
        }

        await Refused(() => api.CoreV1.CreateNamespacedPodAsync(driver.Pod, options.Namespace, dryRun: "All", cancellationToken: cancellationToken), options, "the driver pod").ConfigureAwait(false);
        foreach (var resource in driver.Resources)
        {
            await Refused(() => CreateAsync(api, resource, options.Namespace, "All", cancellationToken), options, Describe(resource)).ConfigureAwait(false);
        }
    }

    private static async Task<V1Pod> CreateAsync(IKubernetes api, DriverPodOptions options, DriverPod driver, CancellationToken cancellationToken)
    {
        var pod = await Refused(() => api.CoreV1.CreateNamespacedPodAsync(driver.Pod, options.Namespace, cancellationToken: cancellationToken), options, "the driver pod").ConfigureAwait(false);
        var owner = OwnerReferenceFeatureStep.DriverOwner(pod);
        try
        {
            foreach (var resource in driver.Resources)
            {
                resource.Metadata.OwnerReferences = [owner];
                await Refused(() => CreateAsync(api, resource, options.Namespace, null, cancellationToken), options, Describe(resource)).ConfigureAwait(false);
            }
        }
        catch
        {
            // Deleting the pod garbage-collects whatever was created with it.
            await api.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, options.Namespace, gracePeriodSeconds: 0, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return pod;
    }

    private static async Task<object> CreateAsync(IKubernetes api, IKubernetesObject<V1ObjectMeta> resource, string ns, string? dryRun, CancellationToken cancellationToken) => resource switch
    {
        V1Service service => await api.CoreV1.CreateNamespacedServiceAsync(service, ns, dryRun: dryRun, cancellationToken: cancellationToken).ConfigureAwait(false),
        V1ConfigMap map => await api.CoreV1.CreateNamespacedConfigMapAsync(map, ns, dryRun: dryRun, cancellationToken: cancellationToken).ConfigureAwait(false),
        V1Secret secret => await api.CoreV1.CreateNamespacedSecretAsync(secret, ns, dryRun: dryRun, cancellationToken: cancellationToken).ConfigureAwait(false),
        _ => throw new InvalidOperationException($"a driver step made a {resource.Kind}, which the submission cannot create"),
    };

    /// <summary>Runs a create call and turns the API server's refusals into messages that say what to fix.</summary>
    private static async Task<T> Refused<T>(Func<Task<T>> create, DriverPodOptions options, string what)
    {
        try
        {
            return await create().ConfigureAwait(false);
        }
        catch (KubernetesForbiddenException e) when (e.Message.Contains("error looking up service account", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigException(
                DriverConfigKeys.DriverServiceAccount.Key,
                $"the API server refused {what}: {e.Message}. The driver's service account {options.ServiceAccount ?? "default"} must exist in namespace {options.Namespace}: create it (kubectl apply -k deploy/kubernetes makes one named kiln) or set {DriverConfigKeys.DriverServiceAccount.Key}",
                e);
        }
        catch (KubernetesForbiddenException e)
        {
            throw new KubernetesBackendException(
                $"the API server refused to create {what} in namespace {options.Namespace}: {e.Message}. The submitter's identity needs a Role in {options.Namespace} with {e.MissingRule} (deploy/kubernetes/role.yaml has every rule a submission and its driver need)",
                e);
        }
        catch (KubernetesInvalidException e)
        {
            throw new KubernetesBackendException($"the API server found {what} invalid: {e.Message} (fields: {string.Join(", ", e.InvalidFields)}); check the settings or pod template that set them", e);
        }
        catch (KubernetesConflictException e)
        {
            throw new KubernetesBackendException($"{what} already exists in namespace {options.Namespace} ({e.Message}); give the application another --name or kiln.app.id, or delete the old one (kiln kill {options.Namespace}:{options.DriverPodName})", e);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new KubernetesBackendException($"the API server refused the kubeconfig's credentials ({e.Message}); are they expired?", e);
        }
    }

    private static string Describe(IKubernetesObject<V1ObjectMeta> resource) => $"the driver's {resource.Kind} {resource.Metadata.Name}";
}
