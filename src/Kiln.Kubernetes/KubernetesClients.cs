using System.Security.Cryptography;
using k8s;
using k8s.KubeConfigModels;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes;

/// <summary>
/// Where Kiln gets its Kubernetes clients: the official client (<see cref="k8s.Kubernetes"/>, kubeconfig and
/// in-cluster loading from the <c>KubernetesClient</c> package) with Kiln's delegating handlers in its HTTP
/// pipeline:
/// <code>
///   official client ──> typed errors ──> retry (Retry-After, backoff, per-attempt timeout) ──> QPS/burst ──> socket
///   (auth header,        (4xx/5xx and watch                                                   token bucket
///    JSON, models)        ERROR events)
/// </code>
/// </summary>
public static class KubernetesClients
{
    /// <summary>
    /// kubeconfig as kubectl: explicit path/context if given, else KUBECONFIG / ~/.kube/config; in a pod
    /// (KUBERNETES_SERVICE_HOST set and no kubeconfig) the in-cluster config.
    /// </summary>
    /// <remarks>
    /// Files listed in KUBECONFIG that do not exist are skipped, as kubectl skips them; the rest are merged (the
    /// first file to set a name wins). Relative paths in a kubeconfig resolve against the file's directory.
    /// Exec plugins run while the configuration is loaded (and again when their token expires).
    /// </remarks>
    /// <exception cref="KubeConfigException">No usable configuration; the message says what to fix.</exception>
    public static KubernetesClientConfiguration LoadConfiguration(string? kubeconfigPath = null, string? context = null)
    {
        if (kubeconfigPath is not null)
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new KubeConfigException(
                    $"The kubeconfig file '{kubeconfigPath}' does not exist; pass an existing file, or none to use KUBECONFIG or ~/.kube/config.");
            }

            return FromFiles([new FileInfo(kubeconfigPath)], context, kubeconfigPath);
        }

        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var files = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(File.Exists).Select(f => new FileInfo(f)).ToArray();
            if (files.Length == 0)
            {
                throw new KubeConfigException(
                    $"None of the files in KUBECONFIG ('{variable}') exists; point KUBECONFIG at a kubeconfig file or unset it.");
            }

            return FromFiles(files, context, $"KUBECONFIG ({variable})");
        }

        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? Path.Combine(h, ".kube", "config") : null;
        if (home is not null && File.Exists(home))
        {
            return FromFiles([new FileInfo(home)], context, home);
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")))
        {
            return InCluster(context);
        }

        throw new KubeConfigException(
            "No Kubernetes configuration: KUBECONFIG is not set, ~/.kube/config does not exist, and this is not a pod " +
            "(KUBERNETES_SERVICE_HOST is not set). Pass a kubeconfig file or set KUBECONFIG.");
    }

    /// <summary>
    /// An IKubernetes whose HTTP pipeline has Kiln's delegating handlers: client-side QPS/burst token bucket, retries
    /// with backoff+jitter honouring Retry-After, and typed errors.
    /// </summary>
    /// <remarks>
    /// Every call through the returned client, watches and pod logs included, fails with a
    /// <see cref="KubernetesApiException"/> subtype (or <see cref="KubernetesTimeoutException"/>), never with the
    /// package's <c>HttpOperationException</c>. The client is thread-safe; create one per configuration, share it,
    /// and dispose it to close its connections. The options' token bucket is per client.
    /// </remarks>
    /// <exception cref="KubeConfigException">The configuration has no usable server URL or credentials.</exception>
    public static IKubernetes Create(KubernetesClientConfiguration configuration, KubernetesClientOptions? options = null) =>
        Create(configuration, options, TimeProvider.System);

    internal static IKubernetes Create(KubernetesClientConfiguration configuration, KubernetesClientOptions? options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(time);
        options ??= new KubernetesClientOptions();
        if (string.IsNullOrWhiteSpace(configuration.Host) || !Uri.TryCreate(configuration.Host, UriKind.Absolute, out var server) ||
            server.Scheme is not ("https" or "http"))
        {
            throw new KubeConfigException(
                $"The server URL '{configuration.Host}' is not an absolute http(s) URL; set the cluster's server to https://HOST:PORT.");
        }

        try
        {
#pragma warning disable CA2000 // the client owns the handlers and disposes them with itself
            return new k8s.Kubernetes(
                configuration,
                new KubernetesErrorHandler(),
                new RetryHandler(options, time),
                new RateLimitHandler(new TokenBucketRateLimiter(options.Qps, options.Burst, time)));
#pragma warning restore CA2000
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new KubeConfigException($"The Kubernetes configuration for {configuration.Host} cannot be used: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new KubeConfigException(
                $"The client certificate or key of the configuration for {configuration.Host} cannot be read ({e.Message}); check client-certificate(-data) and client-key(-data).",
                e);
        }
    }

    private static KubernetesClientConfiguration FromFiles(FileInfo[] files, string? context, string source)
    {
        try
        {
            var merged = KubernetesClientConfiguration.LoadKubeConfig(files[0]);
            foreach (var file in files.Skip(1))
            {
                Merge(merged, KubernetesClientConfiguration.LoadKubeConfig(file));
            }

            Validate(merged, context, source);
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(merged, context);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new KubeConfigException($"The kubeconfig {source} cannot be used: {e.Message}", e);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or IOException or FormatException or CryptographicException)
        {
            throw new KubeConfigException($"The kubeconfig {source} cannot be read: {e.Message}", e);
        }
    }

    /// <summary>kubectl's merge: the first file to define a name (or current-context) wins.</summary>
    private static void Merge(K8SConfiguration into, K8SConfiguration from)
    {
        into.CurrentContext ??= from.CurrentContext;
        into.Clusters = MergeByName(into.Clusters, from.Clusters, c => c.Name);
        into.Users = MergeByName(into.Users, from.Users, u => u.Name);
        into.Contexts = MergeByName(into.Contexts, from.Contexts, c => c.Name);
    }

    private static List<T> MergeByName<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name)
    {
        var result = (first ?? []).ToList();
        var seen = result.Select(name).ToHashSet(StringComparer.Ordinal);
        result.AddRange((second ?? []).Where(x => seen.Add(name(x))));
        return result;
    }

    /// <summary>Checks what the package reports least helpfully: the context, its cluster and user, the server URL.</summary>
    private static void Validate(K8SConfiguration config, string? context, string source)
    {
        var contexts = (config.Contexts ?? []).ToList();
        var known = contexts.Count == 0 ? "none" : string.Join(", ", contexts.Select(c => c.Name));
        var name = context ?? config.CurrentContext ??
            throw new KubeConfigException($"The kubeconfig {source} has no current-context; pass a context name (known: {known}).");
        var ctx = contexts.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ??
            throw new KubeConfigException($"Context '{name}' is not in the kubeconfig {source} (known: {known}).");
        var clusterName = ctx.ContextDetails?.Cluster;
        var cluster = (config.Clusters ?? []).FirstOrDefault(c => string.Equals(c.Name, clusterName, StringComparison.OrdinalIgnoreCase)) ??
            throw new KubeConfigException($"Context '{name}' names cluster '{clusterName}', which is not in the kubeconfig {source}.");
        var server = cluster.ClusterEndpoint?.Server;
        if (string.IsNullOrWhiteSpace(server) || !Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new KubeConfigException(
                $"Cluster '{clusterName}' in the kubeconfig {source} has no valid server URL ('{server}'); set clusters[].cluster.server to https://HOST:PORT.");
        }

        var userName = ctx.ContextDetails?.User;
        if (!string.IsNullOrEmpty(userName) && !(config.Users ?? []).Any(u => string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase)))
        {
            throw new KubeConfigException($"Context '{name}' names user '{userName}', which is not in the kubeconfig {source}.");
        }
    }

    private static KubernetesClientConfiguration InCluster(string? context)
    {
        const string Account = "/var/run/secrets/kubernetes.io/serviceaccount";
        if (context is not null)
        {
            throw new KubeConfigException(
                $"Context '{context}' was asked for, but there is no kubeconfig (KUBECONFIG unset, no ~/.kube/config) and in a pod there are no contexts.");
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT")))
        {
            throw new KubeConfigException("KUBERNETES_SERVICE_HOST is set but KUBERNETES_SERVICE_PORT is not; both are needed for the in-cluster configuration.");
        }

        foreach (var file in new[] { "token", "ca.crt" })
        {
            if (!File.Exists(Path.Combine(Account, file)))
            {
                throw new KubeConfigException(
                    $"This looks like a pod (KUBERNETES_SERVICE_HOST is set) but {Path.Combine(Account, file)} does not exist; " +
                    "mount the service account token (automountServiceAccountToken: true) or pass a kubeconfig.");
            }
        }

        try
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new KubeConfigException($"The in-cluster configuration cannot be used: {e.Message}", e);
        }
    }
}
