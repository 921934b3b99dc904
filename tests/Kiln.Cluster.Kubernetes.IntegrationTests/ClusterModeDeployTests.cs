using System.Text;
using k8s;
using k8s.Models;
using Kiln.Testing;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// What a platform team installs, installed the way they would: deploy/kubernetes rendered by <c>kubectl kustomize</c>
/// (an overlay that only moves it to a fresh namespace and names the kiln:dev image) and applied with <c>kubectl
/// apply</c>. The staging server then runs as its Deployment, and an application is submitted with the kiln service
/// account's own credentials, so the submitter and the driver both work with nothing but the manifests' Role.
/// </summary>
public sealed partial class ClusterModeTests
{
    [Fact]
    public async Task The_manifests_install_a_staging_server_and_a_role_that_is_enough_to_submit_and_run_and_nothing_more()
    {
        var ns = await cluster.NewNamespaceAsync("deploy");
        var overlay = Directory.CreateTempSubdirectory("kiln-deploy-overlay-").FullName;
        try
        {
            await ApplyManifestsAsync(ns, overlay);
            var staging = await StagingServerUrlAsync(ns);

            // kiln submit as the kiln service account: the Role alone lets it create and watch the driver, and the
            // driver (as the same account) its executors.
            var asKiln = await ServiceAccountKubeconfigAsync(ns, Path.Combine(overlay, "kiln.kubeconfig"));
            var environment = new Dictionary<string, string> { ["KUBECONFIG"] = asKiln };
            var (code, output, errors) = await TestControlPlane.RunAsync(
                Path.Combine(cluster.Root, "kiln"), environment, Submit(ns, "pi", LocalPath(Example("Pi")), ["--conf", $"kiln.kubernetes.stagingServer.uri={staging}"], "3"));
            Assert.True(code == 0, $"kiln submit as the kiln service account exited with {code}:\n{errors}\n{output}");
            var driver = Assert.Single((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items);
            Assert.Equal("kiln", driver.Spec.ServiceAccountName);
            var (_, log, _) = await KilnAsync("logs", $"{ns}:{driver.Metadata.Name}");
            Assert.Contains("Pi is roughly 3.1", log, StringComparison.Ordinal);

            // Outside its namespace the same account may do nothing, and Kiln says which rule is missing.
            var other = await cluster.NewNamespaceAsync("outside");
            var (refused, _, refusal) = await TestControlPlane.RunAsync(
                Path.Combine(cluster.Root, "kiln"), environment, Submit(other, "pi", Example("Pi"), [], "3"));
            Assert.True(refused == 1, $"kiln submit outside the Role's namespace exited with {refused}:\n{refusal}");
            Assert.Contains($"the API server refused to create the driver pod in namespace {other}", refusal, StringComparison.Ordinal);
            Assert.Contains("{apiGroups: [\"\"], resources: [\"pods\"], verbs: [\"create\"]}", refusal, StringComparison.Ordinal);
            Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(other)).Items);
        }
        finally
        {
            Directory.Delete(overlay, recursive: true);
        }
    }

    /// <summary>
    /// Renders deploy/kubernetes into <paramref name="ns"/> with kiln:dev as the image, and applies everything but the
    /// Namespace object (the test made its own). In the test cluster pods share the host's network, so the overlay
    /// binds the staging server to its pod IP rather than every address.
    /// </summary>
    private async Task ApplyManifestsAsync(string ns, string overlay)
    {
        var source = Path.Combine(TestControlPlane.RepositoryRoot, "deploy", "kubernetes");
        var bases = Path.Combine(overlay, "base");
        Directory.CreateDirectory(bases);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(bases, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(overlay, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: {ns}
            bases:
              - base
            images:
              - name: kiln
                newName: kiln
                newTag: dev
            patchesStrategicMerge:
              - pod-ip.yaml
            """);
        await File.WriteAllTextAsync(Path.Combine(overlay, "pod-ip.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: kiln-staging-server
            spec:
              template:
                spec:
                  containers:
                    - name: staging-server
                      env:
                        - name: POD_IP
                          valueFrom:
                            fieldRef:
                              fieldPath: status.podIP
                      args: [staging-server, --dir, /var/lib/kiln-staging, --host, $(POD_IP), --port, "10000", --max-upload-bytes, 1g, --ttl, 24h]
            """);
        var (rendered, yaml, renderErrors) = await TestControlPlane.RunAsync(cluster.Kubectl, "kustomize", overlay);
        Assert.True(rendered == 0, $"kubectl kustomize failed: {renderErrors}");
        var documents = yaml.ReplaceLineEndings("\n").Split("\n---\n").Where(d => !d.Contains("\nkind: Namespace\n", StringComparison.Ordinal) && !d.StartsWith("kind: Namespace\n", StringComparison.Ordinal));
        var manifest = Path.Combine(overlay, "rendered.yaml");
        await File.WriteAllTextAsync(manifest, string.Join("\n---\n", documents));
        var (applied, appliedOutput, applyErrors) = await TestControlPlane.RunAsync(cluster.Kubectl, "apply", "-f", manifest);
        Assert.True(applied == 0, $"kubectl apply failed: {applyErrors}");
        Assert.Contains("deployment.apps/kiln-staging-server created", appliedOutput, StringComparison.Ordinal);
    }

    /// <summary>Waits for the staging server's pod to run and answer /healthz, and returns its URL.</summary>
    private async Task<Uri> StagingServerUrlAsync(string ns)
    {
        Uri? url = null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(
            async () =>
            {
                var pod = (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app.kubernetes.io/name=kiln-staging-server")).Items.FirstOrDefault(p => p.Status?.Phase == "Running" && p.Status.PodIP is not null);
                if (pod is null)
                {
                    return false;
                }

                url = new Uri($"http://{pod.Status.PodIP}:10000");
                try
                {
                    return await http.GetStringAsync(new Uri(url, "/healthz")) == "ok";
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            TimeSpan.FromMinutes(3),
            "the staging server's Deployment to run a pod that answers /healthz");
        return url!;
    }

    /// <summary>A kubeconfig for the test cluster that authenticates as the kiln service account of <paramref name="ns"/>.</summary>
    private async Task<string> ServiceAccountKubeconfigAsync(string ns, string path)
    {
        var account = await cluster.Admin.CoreV1.ReadNamespacedServiceAccountAsync("kiln", ns);
        var tokenSecret = await cluster.Admin.CoreV1.ReadNamespacedSecretAsync(account.Secrets[0].Name, ns);
        var admin = KubernetesClientConfiguration.LoadKubeConfig(cluster.Kubeconfig);
        var server = admin.Clusters.First();
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: test
                cluster:
                  server: {server.ClusterEndpoint.Server}
                  certificate-authority-data: {server.ClusterEndpoint.CertificateAuthorityData ?? Convert.ToBase64String(await File.ReadAllBytesAsync(server.ClusterEndpoint.CertificateAuthority))}
            users:
              - name: kiln
                user:
                  token: {Encoding.UTF8.GetString(tokenSecret.Data["token"])}
            contexts:
              - name: kiln
                context:
                  cluster: test
                  user: kiln
                  namespace: {ns}
            current-context: kiln
            """);
        return path;
    }
}
