using k8s;
using k8s.Models;
using Kiln.Staging;
using Kiln.Staging.Client;
using Kiln.Staging.Server;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// Cluster mode with the application's files on a real resource staging server (Kestrel on this machine, which the
/// test cluster's pods reach over loopback): <c>kiln submit</c> uploads the application's directory and its
/// <c>--files</c>, the driver and executor pods fetch the bundle with the secret from the driver-owned Secret, and the
/// driver deletes the bundle when the application ends.
/// </summary>
public sealed partial class ClusterModeTests
{
    [Fact]
    public async Task A_local_application_and_its_files_go_through_the_staging_server_to_the_driver_and_the_executors()
    {
        var ns = await NamespaceWithDriverAccountAsync("staged");
        var store = Directory.CreateTempSubdirectory("kiln-staging-store-").FullName;
        var input = Path.Combine(Directory.CreateTempSubdirectory("kiln-staged-input-").FullName, "words.txt");
        await File.WriteAllTextAsync(input, "the quick brown fox\njumps over the lazy dog\nThe End\n");
        // The driver copies --files into its working directory; in the test cluster that would be this checkout.
        var template = Path.Combine(Path.GetDirectoryName(input)!, "driver.yaml");
        await File.WriteAllTextAsync(template, $"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: kiln-driver\n      workingDir: {Path.GetDirectoryName(input)}\n");
        await using var server = await StagingServer.StartAsync(new StagingServerOptions { Directory = store, Host = "127.0.0.1", Port = 0 }, CancellationToken.None);
        try
        {
            // The executors read the input too, from their own copy of the bundle at the same path.
            var (code, output, errors) = await KilnAsync(Submit(
                ns, "staged", LocalPath(Example("WordCount")), ["--conf", $"kiln.kubernetes.stagingServer.uri={server.Url}", "--conf", $"spark.kubernetes.driver.podTemplateFile={template}", "--files", input], "/opt/kiln/staged/words.txt", "--top", "2"));
            Assert.True(code == 0, $"kiln submit exited with {code}:\n{errors}\n{output}");
            Assert.Contains($"staged the application's directory {Path.GetDirectoryName(LocalPath(Example("WordCount")))} and 1 file(s) given with --files on {server.Url}", errors, StringComparison.Ordinal);

            var driver = Assert.Single((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kiln-role=driver")).Items);
            Assert.Equal("/opt/kiln/staged/Kiln.Examples.WordCount.dll", driver.Spec.Containers[0].Args[3]);
            var (_, log, _) = await KilnAsync("logs", $"{ns}:{driver.Metadata.Name}");
            Assert.Contains("kiln driver: fetched", log, StringComparison.Ordinal);
            Assert.Contains("       3 the\n       1 brown", log.ReplaceLineEndings("\n"), StringComparison.Ordinal);

            var secret = await cluster.Admin.CoreV1.ReadNamespacedSecretAsync(driver.Metadata.Name + "-staging", ns);
            Assert.Equal(driver.Metadata.Uid, Assert.Single(secret.Metadata.OwnerReferences).Uid);
            Assert.DoesNotContain(System.Text.Encoding.UTF8.GetString(secret.Data[PodStaging.ResourceSecretKey]), KubernetesYaml.Serialize(driver), StringComparison.Ordinal);

            // The driver deleted the bundle when the application ended.
            using var client = new StagingClient(server.Url);
            var gone = await Assert.ThrowsAsync<StagingException>(() => client.DownloadAsync(
                System.Text.Encoding.UTF8.GetString(secret.Data[PodStaging.ResourceIdKey]), System.Text.Encoding.UTF8.GetString(secret.Data[PodStaging.ResourceSecretKey]), Stream.Null, CancellationToken.None));
            Assert.Contains("(404)", gone.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
            Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_staging_server_is_named_and_nothing_is_created()
    {
        var ns = await NamespaceWithDriverAccountAsync("nostaging");
        var (code, _, errors) = await KilnAsync(Submit(ns, "pi", LocalPath(Example("Pi")), ["--conf", "kiln.kubernetes.stagingServer.uri=http://127.0.0.1:9"], "1"));
        Assert.True(code == 1, $"kiln submit exited with {code}:\n{errors}");
        Assert.Contains("http://127.0.0.1:9", errors, StringComparison.Ordinal);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Empty((await cluster.Admin.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: "kiln-app-id")).Items);
    }
}
