using Kiln.Kubernetes.Config;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class KubeConfigVariantTests(ClusterFixture cluster) : IAsyncLifetime, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiln-kubeconfig-").FullName;
    private string _ns = "";

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string AdminToken => File.ReadAllText(Path.Combine(cluster.StateDirectory, "pki", "admin.token")).Trim();

    private string CaData => Convert.ToBase64String(File.ReadAllBytes(Path.Combine(cluster.StateDirectory, "pki", "ca.crt")));

    private string Write(string name, string userYaml, string? extraClusterYaml = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {cluster.Admin.Configuration.Server}
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
        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeConfigFile(kubeconfig));
        Assert.Equal(_ns, client.DefaultNamespace);
        var name = $"probe-{Guid.NewGuid():N}"[..20];
        await client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = name } });
        Assert.NotNull(await client.ConfigMaps.GetAsync(null, name));
    }

    [Fact]
    public Task Token() => AssertWorksAsync(Write("token", $"    token: {AdminToken}"));

    [Fact]
    public Task Token_file()
    {
        var tokenFile = Path.Combine(_dir, "token.txt");
        File.WriteAllText(tokenFile, AdminToken + "\n");
        return AssertWorksAsync(Write("token-file", "    tokenFile: token.txt"));
    }

    [Fact]
    public Task Client_certificate_files() => AssertWorksAsync(cluster.Kubeconfig.Replace("kubeconfig", "admin-cert.kubeconfig", StringComparison.Ordinal) is var p && File.Exists(p)
        ? RewriteNamespace(p)
        : throw new FileNotFoundException(p));

    [Fact]
    public Task Client_certificate_data_and_insecure_skip_tls_verify()
    {
        var pki = Path.Combine(cluster.StateDirectory, "pki");
        var cert = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(pki, "admin.crt")));
        var key = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(pki, "admin.key")));
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
        return AssertWorksAsync(Write("exec", "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ./plugin.sh"));
    }

    [Fact]
    public async Task A_wrong_token_is_401()
    {
        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeConfigFile(Write("bad", "    token: not-a-token")));
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ConfigMaps.ListAsync(_ns));
        Assert.Equal(401, (int)e.StatusCode);
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused()
    {
        var otherCa = Path.Combine(cluster.StateDirectory, "pki", "admin.crt"); // a certificate, but not the CA
        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeConfigFile(
            Write("wrong-ca", $"    token: {AdminToken}", $"certificate-authority: {otherCa}")));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.ConfigMaps.ListAsync(_ns));
    }

    [Fact]
    public async Task In_cluster_configuration_works_inside_a_pod()
    {
        var binding = KubernetesResources.Custom("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
        await cluster.Admin.Resource(binding).CreateAsync(new CustomObject("rbac.authorization.k8s.io/v1", "RoleBinding")
        {
            Metadata = new ObjectMeta { Name = "default-view", Namespace = _ns },
            ExtensionData = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["roleRef"] = System.Text.Json.JsonSerializer.SerializeToElement(new { apiGroup = "rbac.authorization.k8s.io", kind = "ClusterRole", name = "view" }),
                ["subjects"] = System.Text.Json.JsonSerializer.SerializeToElement(new[] { new { kind = "ServiceAccount", name = "default", @namespace = _ns } }),
            },
        });
        var agent = Path.Combine(cluster.StateDirectory, "agent-bin", "Kiln.TestCluster.dll");
        await cluster.Admin.Pods.CreateAsync(TestPods.Shell(_ns, "in-cluster", $"exec dotnet {agent} incluster-check"));
        var pod = await TestPods.WaitForPhaseAsync(cluster.Admin, _ns, "in-cluster", "Succeeded", "Failed");
        var log = await cluster.Admin.ReadPodLogAsync(_ns, "in-cluster");
        Assert.True(pod.Status!.Phase == "Succeeded", log);
        Assert.Contains($"incluster-ok namespace={_ns}", log, StringComparison.Ordinal);
    }

    private string RewriteNamespace(string path)
    {
        var copy = Path.Combine(_dir, "admin-cert.kubeconfig");
        File.WriteAllText(copy, File.ReadAllText(path).Replace("namespace: default", $"namespace: {_ns}", StringComparison.Ordinal));
        return copy;
    }
}
