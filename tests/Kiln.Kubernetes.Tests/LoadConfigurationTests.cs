using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kiln.Kubernetes.Tests;

/// <summary>
/// <see cref="KubernetesClients.LoadConfiguration"/>: which kubeconfig it picks (as kubectl does), that the official loader
/// then honours what users rely on (relative paths, exec plugins), and that every problem is a KubeConfigException saying what to fix.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class LoadConfigurationTests : IDisposable
{
    private static readonly string[] Variables = ["KUBECONFIG", "HOME", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"];
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-kubeconfig-").FullName;

    public LoadConfigurationTests()
    {
        Environment.SetEnvironmentVariable("KUBECONFIG", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", null);
        Environment.SetEnvironmentVariable("HOME", Path.Combine(_dir, "home"));
    }

    public void Dispose()
    {
        foreach (var (k, v) in _saved)
        {
            Environment.SetEnvironmentVariable(k, v);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Config(string context, string server, string user = "{token: t}", string? ns = null, string cluster = "c") =>
        string.Join('\n', [
            "apiVersion: v1",
            "kind: Config",
            $"current-context: {context}",
            "clusters:",
            $"- {{name: {cluster}, cluster: {{server: \"{server}\"}}}}",
            "users:",
            $"- {{name: u-{context}, user: {user}}}",
            "contexts:",
            $"- {{name: {context}, context: {{cluster: {cluster}, user: u-{context}{(ns is null ? "" : ", namespace: " + ns)}}}}}",
        ]);

    [Fact]
    public void An_explicit_file_and_context_win_and_the_context_brings_its_namespace()
    {
        var path = Write("explicit", """
            apiVersion: v1
            kind: Config
            current-context: a
            clusters:
            - {name: c1, cluster: {server: "https://one:6443"}}
            - {name: c2, cluster: {server: "https://two:6443"}}
            users:
            - {name: u, user: {token: t}}
            contexts:
            - {name: a, context: {cluster: c1, user: u}}
            - {name: b, context: {cluster: c2, user: u, namespace: spark}}
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", Write("ignored", Config("x", "https://ignored:1")));

        var current = KubernetesClients.LoadConfiguration(path);
        Assert.Equal("https://one:6443", current.Host);
        var b = KubernetesClients.LoadConfiguration(path, "b");
        Assert.Equal("https://two:6443", b.Host);
        Assert.Equal("spark", b.Namespace);
        Assert.Equal("t", b.AccessToken);
    }

    [Fact]
    public void KUBECONFIG_files_are_merged_first_wins_and_missing_ones_are_skipped()
    {
        var first = Write("first", Config("one", "https://first:1", ns: "from-first"));
        var second = Write("second", Config("two", "https://second:2", cluster: "c2"));
        Environment.SetEnvironmentVariable("KUBECONFIG", string.Join(Path.PathSeparator, Path.Combine(_dir, "missing"), first, second));

        Assert.Equal("https://first:1", KubernetesClients.LoadConfiguration().Host);
        var two = KubernetesClients.LoadConfiguration(context: "two");
        Assert.Equal("https://second:2", two.Host);
    }

    [Fact]
    public void Without_KUBECONFIG_the_home_kubeconfig_is_used()
    {
        Write(Path.Combine("home", ".kube", "config"), Config("home", "https://home:443"));
        Assert.Equal("https://home:443", KubernetesClients.LoadConfiguration().Host);
    }

    [Fact]
    public void Relative_certificate_paths_resolve_against_the_kubeconfig_directory()
    {
        using var key = RSA.Create(2048);
        using var cert = new CertificateRequest("CN=admin", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Write(Path.Combine("conf", "pki", "ca.crt"), cert.ExportCertificatePem());
        Write(Path.Combine("conf", "pki", "admin.crt"), cert.ExportCertificatePem());
        Write(Path.Combine("conf", "pki", "admin.key"), key.ExportPkcs8PrivateKeyPem());
        var path = Write(Path.Combine("conf", "kubeconfig"), """
            apiVersion: v1
            kind: Config
            current-context: a
            clusters:
            - {name: c, cluster: {server: "https://x:6443", certificate-authority: pki/ca.crt}}
            users:
            - {name: u, user: {client-certificate: pki/admin.crt, client-key: pki/admin.key}}
            contexts:
            - {name: a, context: {cluster: c, user: u}}
            """);

        var config = KubernetesClients.LoadConfiguration(path);
        Assert.Equal(cert.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
        Assert.Equal(Path.Combine(_dir, "conf", "pki", "admin.crt"), config.ClientCertificateFilePath);
        using var client = KubernetesClients.Create(config);
        Assert.NotNull(client);
    }

    [Fact]
    public void An_exec_plugin_is_run_with_KUBERNETES_EXEC_INFO_and_its_token_used()
    {
        var plugin = Write("plugin.sh", """
            #!/bin/sh
            test -n "$KUBERNETES_EXEC_INFO" || exit 7
            echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"from-plugin-'$PREFIX'"}}'
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Write("exec", Config(
            "e", "https://x:6443", "{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: " + plugin + ", env: [{name: PREFIX, value: p1}]}}"));

        var config = KubernetesClients.LoadConfiguration(path);
        Assert.Equal("from-plugin-p1", config.AccessToken);
        Assert.NotNull(config.TokenProvider);
    }

    [Fact]
    public void A_failing_exec_plugin_is_a_config_error()
    {
        var path = Write("exec-fails", Config(
            "e", "https://x:6443", """{exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/sh, args: ["-c", "echo denied >&2; exit 4"]}}"""));
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path));
        Assert.IsType<k8s.Exceptions.KubeConfigException>(e.InnerException);
    }

    [Fact]
    public void Unknown_contexts_clusters_and_users_are_named_with_what_is_known()
    {
        var path = Write("broken", """
            apiVersion: v1
            kind: Config
            clusters:
            - {name: c, cluster: {server: "https://x"}}
            contexts:
            - {name: a, context: {cluster: nowhere}}
            - {name: b, context: {cluster: c, user: nobody}}
            """);
        var unknown = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path, "zzz"));
        Assert.Contains("'zzz'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("known: a, b", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path, "a")).Message, StringComparison.Ordinal);
        Assert.Contains("'nobody'", Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path, "b")).Message, StringComparison.Ordinal);
        Assert.Contains("current-context", Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_server_url_and_a_missing_file_say_what_to_fix()
    {
        var bad = Write("bad-url", Config("a", "not a url"));
        Assert.Contains("https://HOST:PORT", Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(bad)).Message, StringComparison.Ordinal);
        var missing = Path.Combine(_dir, "nope");
        Assert.Contains(missing, Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(missing)).Message, StringComparison.Ordinal);
        Environment.SetEnvironmentVariable("KUBECONFIG", missing);
        Assert.Contains("KUBECONFIG", Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_file_user_is_refused_as_the_official_loader_does_not_read_tokenFile()
    {
        var path = Write("token-file", Config("a", "https://x:6443", "{tokenFile: token.txt}"));
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(path));
        Assert.Contains("u-a", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_pod_without_a_kubeconfig_the_in_cluster_configuration_is_chosen()
    {
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.0.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", "443");
        if (File.Exists("/var/run/secrets/kubernetes.io/serviceaccount/token"))
        {
            Assert.Equal("https://10.0.0.1:443/", KubernetesClients.LoadConfiguration().Host.TrimEnd('/') + "/");
            return;
        }

        var e = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration());
        Assert.Contains("/var/run/secrets/kubernetes.io/serviceaccount/token", e.Message, StringComparison.Ordinal);
        Assert.Contains("automountServiceAccountToken", e.Message, StringComparison.Ordinal);

        Write(Path.Combine("home", ".kube", "config"), Config("home", "https://home:443"));
        Assert.Equal("https://home:443", KubernetesClients.LoadConfiguration().Host);
    }

    [Fact]
    public void Nothing_to_load_is_an_error_naming_the_places_looked_at()
    {
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration());
        Assert.Contains("~/.kube/config", e.Message, StringComparison.Ordinal);
        Assert.Contains("KUBERNETES_SERVICE_HOST", e.Message, StringComparison.Ordinal);
    }
}
