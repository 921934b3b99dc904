using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kiln.Kubernetes.Config;

namespace Kiln.Kubernetes;

/// <summary>
/// Everything needed to reach one API server as one identity: server URL, trust (CA bundle or skip-verify),
/// credentials (client certificate, bearer token source, basic auth) and the default namespace. Built from a
/// kubeconfig (<see cref="FromKubeConfig"/>) or from a pod's service account (<see cref="InCluster"/>).
/// </summary>
public sealed class KubernetesClientConfiguration
{
    /// <summary>Where a pod's service account token, CA bundle and namespace are mounted.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public required Uri Server { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>CA certificates the server's certificate must chain to; null means the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    public bool SkipTlsVerify { get; init; }

    public BearerTokenSource? TokenSource { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>In a pod (KUBERNETES_SERVICE_HOST is set) the in-cluster configuration, otherwise the default kubeconfig.</summary>
    public static KubernetesClientConfiguration Default() =>
        IsInCluster() ? InCluster() : FromKubeConfig(KubeConfigLoader.LoadDefault());

    /// <summary>True when the process runs in a pod with a service account mounted.</summary>
    public static bool IsInCluster(string serviceAccountDirectory = ServiceAccountDirectory) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")) &&
        File.Exists(Path.Combine(serviceAccountDirectory, "token"));

    /// <summary>Loads the given kubeconfig file (or the default files when null) and resolves a context.</summary>
    public static KubernetesClientConfiguration FromKubeConfigFile(string? path, string? context = null) =>
        FromKubeConfig(path is null ? KubeConfigLoader.LoadDefault() : KubeConfigLoader.Load([path]), context);

    /// <summary>Resolves <paramref name="context"/> (or current-context) of a loaded kubeconfig.</summary>
    public static KubernetesClientConfiguration FromKubeConfig(KubeConfig config, string? context = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = context ?? config.CurrentContext ??
            throw new KubeConfigException("The kubeconfig has no current-context; pass a context name explicitly.");
        if (!config.Contexts.TryGetValue(name, out var ctx))
        {
            throw new KubeConfigException(
                $"Context '{name}' is not in the kubeconfig (known: {string.Join(", ", config.Contexts.Keys)}).");
        }

        if (ctx.Cluster is null || !config.Clusters.TryGetValue(ctx.Cluster, out var cluster))
        {
            throw new KubeConfigException($"Context '{name}' names cluster '{ctx.Cluster}', which is not in the kubeconfig.");
        }

        var user = ctx.User is not null && config.Users.TryGetValue(ctx.User, out var u) ? u : new KubeConfigUser();
        if (string.IsNullOrEmpty(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"Cluster '{ctx.Cluster}' has no valid server URL ('{cluster.Server}').");
        }

        return new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = ctx.Namespace ?? "default",
            SkipTlsVerify = cluster.InsecureSkipTlsVerify,
            CertificateAuthorities = LoadCertificates(cluster.CertificateAuthorityData, cluster.CertificateAuthority, "certificate-authority"),
            ClientCertificate = LoadClientCertificate(user),
            TokenSource = user.Token is not null ? new StaticTokenSource(user.Token)
                : user.TokenFile is not null ? new FileTokenSource(user.TokenFile, timeProvider)
                : user.Exec is not null ? new ExecCredentialTokenSource(user.Exec, timeProvider)
                : null,
            Username = user.Username,
            Password = user.Password,
        };
    }

    /// <summary>
    /// The configuration of a pod: KUBERNETES_SERVICE_HOST/PORT, the mounted CA bundle and namespace, and the
    /// service account token, which is re-read so rotation is picked up.
    /// </summary>
    public static KubernetesClientConfiguration InCluster(string serviceAccountDirectory = ServiceAccountDirectory, TimeProvider? timeProvider = null)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException("Not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set.");
        }

        var tokenPath = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenPath))
        {
            throw new KubeConfigException($"No service account token at {tokenPath}; is automountServiceAccountToken off?");
        }

        var nsPath = Path.Combine(serviceAccountDirectory, "namespace");
        var caPath = Path.Combine(serviceAccountDirectory, "ca.crt");
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesClientConfiguration
        {
            Server = new Uri($"https://{hostPart}:{port}"),
            Namespace = File.Exists(nsPath) ? File.ReadAllText(nsPath).Trim() : "default",
            CertificateAuthorities = File.Exists(caPath) ? LoadCertificates(null, caPath, "ca.crt") : null,
            TokenSource = new FileTokenSource(tokenPath, timeProvider),
        };
    }

    private static X509Certificate2Collection? LoadCertificates(string? base64Data, string? path, string what)
    {
        var pem = ReadPem(base64Data, path, what);
        if (pem is null)
        {
            return null;
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        if (collection.Count == 0)
        {
            throw new KubeConfigException($"The {what} contains no PEM certificate.");
        }

        return collection;
    }

    private static X509Certificate2? LoadClientCertificate(KubeConfigUser user)
    {
        var cert = ReadPem(user.ClientCertificateData, user.ClientCertificate, "client-certificate");
        var key = ReadPem(user.ClientKeyData, user.ClientKey, "client-key");
        if (cert is null && key is null)
        {
            return null;
        }

        if (cert is null || key is null)
        {
            throw new KubeConfigException("A client certificate needs both client-certificate(-data) and client-key(-data).");
        }

        try
        {
            return X509Certificate2.CreateFromPem(cert, key);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new KubeConfigException($"The client certificate or key cannot be read: {e.Message}", e);
        }
    }

    private static string? ReadPem(string? base64Data, string? path, string what)
    {
        if (base64Data is not null)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64Data));
            }
            catch (FormatException e)
            {
                throw new KubeConfigException($"{what}-data is not valid base64.", e);
            }
        }

        if (path is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new KubeConfigException($"Cannot read {what} file '{path}': {e.Message}", e);
        }
    }
}
