using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Kubeconfig variants users bring, loaded by <see cref="KubernetesClients.LoadConfiguration"/> (the official loader) against the real server.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubeConfigVariantTests(ClusterFixture cluster) : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-kubeconfig-").FullName;
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Pki(string file) => Path.Combine(cluster.StateDirectory, "pki", file);

    private string AdminToken => File.ReadAllText(Pki("admin.token")).Trim();

    private string CaData => Convert.ToBase64String(File.ReadAllBytes(Pki("ca.crt")));

    private string Write(string name, string userYaml, string? extraClusterYaml = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {cluster.AdminConfiguration.Host}
                {extraClusterYaml ?? $"certificate-authority-data: {CaData}"}
            users:
            - name: u
              user:
            {userYaml}
            contexts:
            - name: ctx
              context: {"{"}cluster: c, user: u, namespace: {_ns}{"}"}
            current-context: ctx
            """);
        return path;
    }

    private async Task AssertWorksAsync(string kubeconfig)
    {
        var config = KubernetesClients.LoadConfiguration(kubeconfig);
        Assert.Equal(_ns, config.Namespace);
        using var client = KubernetesClients.Create(config);
        var name = $"probe-{Guid.NewGuid():N}"[..20];
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, config.Namespace);
        Assert.NotNull(await client.CoreV1.ReadNamespacedConfigMapAsync(name, config.Namespace));
    }

    [Fact]
    public Task Token() => AssertWorksAsync(Write("token", $"    token: {AdminToken}"));

    [Fact]
    public Task Client_certificate_files_with_paths_relative_to_the_kubeconfig()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "pki"));
        foreach (var file in new[] { "ca.crt", "admin.crt", "admin.key" })
        {
            File.Copy(Pki(file), Path.Combine(_dir, "pki", file));
        }

        return AssertWorksAsync(Write("cert-files", "    client-certificate: pki/admin.crt\n    client-key: pki/admin.key", "certificate-authority: pki/ca.crt"));
    }

    [Fact]
    public Task Client_certificate_data_and_insecure_skip_tls_verify()
    {
        var cert = Convert.ToBase64String(File.ReadAllBytes(Pki("admin.crt")));
        var key = Convert.ToBase64String(File.ReadAllBytes(Pki("admin.key")));
        return AssertWorksAsync(Write("cert-data", $"    client-certificate-data: {cert}\n    client-key-data: {key}", "insecure-skip-tls-verify: true"));
    }

    [Fact]
    public Task Exec_credential_plugin()
    {
        var plugin = Path.Combine(_dir, "plugin.sh");
        File.WriteAllText(plugin, $$$"""
            #!/bin/sh
            test -n "$KUBERNETES_EXEC_INFO" || exit 7
            echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"{{{AdminToken}}}"}}'
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return AssertWorksAsync(Write("exec", $"    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: {plugin}"));
    }

    [Fact]
    public void A_token_file_user_is_a_config_error_naming_the_user()
    {
        File.WriteAllText(Path.Combine(_dir, "token.txt"), AdminToken + "\n");
        var e = Assert.Throws<KubeConfigException>(() => KubernetesClients.LoadConfiguration(Write("token-file", "    tokenFile: token.txt")));
        Assert.Contains("u", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_401()
    {
        using var client = KubernetesClients.Create(KubernetesClients.LoadConfiguration(Write("bad", "    token: not-a-token")));
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => client.CoreV1.ListNamespacedConfigMapAsync(_ns));
        Assert.Equal(401, (int)e.StatusCode);
        Assert.Equal("list", e.Request.Verb);
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused()
    {
        var notTheCa = Pki("admin.crt"); // a certificate, but not the CA
        using var client = KubernetesClients.Create(KubernetesClients.LoadConfiguration(
            Write("wrong-ca", $"    token: {AdminToken}", $"certificate-authority: {notTheCa}")));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespacedConfigMapAsync(_ns));
    }

    [Fact]
    public async Task In_cluster_configuration_works_inside_a_pod()
    {
        await ClusterAccounts.BindAsync(cluster.Admin, _ns, "default-view", "ClusterRole", "view", "default");
        var agent = Path.Combine(cluster.StateDirectory, "agent-bin", "Kiln.TestCluster.dll");
        await TestPods.CreateAsync(cluster.Admin, TestPods.Shell(_ns, "in-cluster", $"unset KUBECONFIG; exec dotnet {agent} incluster-check"));
        var pod = await TestPods.WaitForPhaseAsync(cluster.Admin, _ns, "in-cluster", "Succeeded", "Failed");
        var log = await TestPods.LogAsync(cluster.Admin, _ns, "in-cluster");
        Assert.True(pod.Status.Phase == "Succeeded", log);
        Assert.Contains($"incluster-ok namespace={_ns} host=https://127.0.0.1:", log, StringComparison.Ordinal);
    }
}
