using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kiln.Kubernetes.Config;

namespace Kiln.Kubernetes.Tests;

public sealed class KubernetesClientConfigurationTests
{
    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static (string CertPem, string KeyPem) SelfSigned()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static KubeConfig Parse(string yaml) => KubeConfigLoader.Parse(yaml, "/base");

    [Fact]
    public void An_explicit_context_overrides_current_context_and_brings_its_namespace()
    {
        var config = Parse("""
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

        var current = KubernetesClientConfiguration.FromKubeConfig(config);
        Assert.Equal(new Uri("https://one:6443"), current.Server);
        Assert.Equal("default", current.Namespace);

        var explicitContext = KubernetesClientConfiguration.FromKubeConfig(config, "b");
        Assert.Equal(new Uri("https://two:6443"), explicitContext.Server);
        Assert.Equal("spark", explicitContext.Namespace);
        Assert.IsType<StaticTokenSource>(explicitContext.TokenSource);
    }

    [Fact]
    public void Unknown_contexts_and_clusters_are_reported_by_name()
    {
        var config = Parse("""
            contexts:
            - {name: a, context: {cluster: nowhere}}
            """);
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfig(config, "zzz"));
        Assert.Contains("zzz", e.Message, StringComparison.Ordinal);
        Assert.Contains("known: a", e.Message, StringComparison.Ordinal);
        var missingCluster = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfig(config, "a"));
        Assert.Contains("nowhere", missingCluster.Message, StringComparison.Ordinal);
        Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfig(config));
    }

    [Fact]
    public void Certificate_data_fields_are_decoded_and_loaded()
    {
        var (cert, key) = SelfSigned();
        var config = Parse($"""
            current-context: a
            clusters:
            - name: c
              cluster:
                server: https://x:6443
                certificate-authority-data: {B64(cert)}
            users:
            - name: u
              user:
                client-certificate-data: {B64(cert)}
                client-key-data: {B64(key)}
            contexts:
            - {"{"}name: a, context: {"{"}cluster: c, user: u{"}}"}
            """);
        var resolved = KubernetesClientConfiguration.FromKubeConfig(config);
        Assert.Single(resolved.CertificateAuthorities!);
        Assert.NotNull(resolved.ClientCertificate);
        Assert.True(resolved.ClientCertificate!.HasPrivateKey);
        Assert.Null(resolved.TokenSource);
    }

    [Fact]
    public void A_client_certificate_without_its_key_is_an_error()
    {
        var (cert, _) = SelfSigned();
        var config = Parse($"""
            current-context: a
            clusters: [{"{"}name: c, cluster: {"{"}server: "https://x"{"}}"}]
            users: [{"{"}name: u, user: {"{"}client-certificate-data: {B64(cert)}{"}}"}]
            contexts: [{"{"}name: a, context: {"{"}cluster: c, user: u{"}}"}]
            """);
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfig(config));
        Assert.Contains("client-key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_file_and_exec_users_get_the_matching_token_sources()
    {
        var config = Parse("""
            current-context: f
            clusters: [{name: c, cluster: {server: "https://x", insecure-skip-tls-verify: true}}]
            users:
            - {name: f, user: {tokenFile: tok}}
            - {name: e, user: {exec: {command: plugin}}}
            contexts:
            - {name: f, context: {cluster: c, user: f}}
            - {name: e, context: {cluster: c, user: e}}
            """);
        var f = KubernetesClientConfiguration.FromKubeConfig(config, "f");
        Assert.IsType<FileTokenSource>(f.TokenSource);
        Assert.True(f.SkipTlsVerify);
        Assert.IsType<ExecCredentialTokenSource>(KubernetesClientConfiguration.FromKubeConfig(config, "e").TokenSource);
    }

    [Fact]
    public void Invalid_base64_is_a_config_error()
    {
        var config = Parse("""
            current-context: a
            clusters: [{name: c, cluster: {server: "https://x", certificate-authority-data: "!!!"}}]
            contexts: [{name: a, context: {cluster: c}}]
            """);
        Assert.Throws<KubeConfigException>(() => KubernetesClientConfiguration.FromKubeConfig(config));
    }
}
