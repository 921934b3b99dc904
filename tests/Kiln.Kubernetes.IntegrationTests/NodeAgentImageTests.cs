using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Images on the node agent: mapped images (kiln:dev is the checkout), host images, and images it cannot pull (air-gapped node).</summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeAgentImageTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    private string ImagesMap => Path.Combine(cluster.StateDirectory, "node-agent", "images.map");

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    private V1Pod WithImage(string name, string image, params string[] command)
    {
        var pod = TestPods.Shell(_ns, name, "unused");
        pod.Spec.Containers[0].Image = image;
        pod.Spec.Containers[0].Command = command;
        return pod;
    }

    [Fact]
    public async Task Local_paths_of_a_mapped_image_resolve_inside_its_directory()
    {
        var image = $"kiln-it-image-{Guid.NewGuid():N}";
        var root = Directory.CreateTempSubdirectory("kiln-image-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "opt", "app"));
        await File.WriteAllTextAsync(Path.Combine(root, "opt", "app", "hello.sh"), "echo hello from the image in $(pwd)\n");
        await File.AppendAllTextAsync(ImagesMap, $"{image}={root}\n");
        try
        {
            await TestPods.CreateAsync(Client, WithImage("imaged", image, "sh", "local:///opt/app/hello.sh"));
            await TestPods.WaitForPhaseAsync(Client, _ns, "imaged", "Succeeded");
            Assert.Equal($"hello from the image in {root}", (await TestPods.LogAsync(Client, _ns, "imaged")).Trim());
        }
        finally
        {
            await RemoveMappingAsync(image);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_kiln_dev_image_is_this_checkout()
    {
        await TestPods.CreateAsync(Client, WithImage("checkout", "kiln:dev", "sh", "-c", "test -x ./kiln && test local:///kiln -ef ./kiln && pwd"));
        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "checkout", "Succeeded", "Failed");
        var log = (await TestPods.LogAsync(Client, _ns, "checkout")).Trim();
        Assert.True(done.Status.Phase == "Succeeded", log);
        Assert.Equal(cluster.RepositoryRoot.TrimEnd('/'), log);
    }

    [Fact]
    public async Task An_image_from_an_unreachable_registry_is_ErrImagePull_then_ImagePullBackOff_and_the_pod_stays_pending()
    {
        const string Image = "registry.example.com/kiln:1.0";
        await TestPods.CreateAsync(Client, WithImage("unpullable", Image, "sh", "-c", "echo must-not-run"));

        var pulling = await Eventually.HoldsAsync(
            () => TestPods.TryReadAsync(Client, _ns, "unpullable"),
            p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "ErrImagePull",
            TimeSpan.FromSeconds(60),
            "the container to wait with ErrImagePull");
        Assert.Equal("Pending", pulling.Status.Phase);
        Assert.Contains($"Failed to pull image \"{Image}\"", pulling.Status.ContainerStatuses[0].State.Waiting.Message, StringComparison.Ordinal);
        Assert.Contains("registry.example.com", pulling.Status.ContainerStatuses[0].State.Waiting.Message, StringComparison.Ordinal);

        var backingOff = await Eventually.HoldsAsync(
            () => TestPods.TryReadAsync(Client, _ns, "unpullable"),
            p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "ImagePullBackOff",
            TimeSpan.FromSeconds(30),
            "the container to back off");
        Assert.Equal("Pending", backingOff.Status.Phase);
        Assert.Equal($"Back-off pulling image \"{Image}\"", backingOff.Status.ContainerStatuses[0].State.Waiting.Message);

        // It is retried: ErrImagePull comes back after the back-off, and the kubelet's events tell the story.
        await Eventually.HoldsAsync(
            () => TestPods.TryReadAsync(Client, _ns, "unpullable"),
            p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "ErrImagePull",
            TimeSpan.FromSeconds(30),
            "a second pull");
        var events = await Client.CoreV1.ListNamespacedEventAsync(_ns, fieldSelector: "involvedObject.name=unpullable");
        Assert.Contains(events.Items, e => e.Reason == "Failed" && e.Message == "Error: ErrImagePull" && e.Source?.Component == "kubelet");
        Assert.Contains(events.Items, e => e.Reason == "BackOff" && e.Message == $"Back-off pulling image \"{Image}\"");
        Assert.True(events.Items.Count(e => e.Reason == "Pulling") >= 2, "the image is pulled again after the back-off");
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("unpullable", _ns);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Null(pod.Status.ContainerStatuses[0].State.Running);
    }

    [Fact]
    public async Task An_unpullable_image_runs_once_the_node_gets_it()
    {
        var image = $"localhost:5000/kiln-late-{Guid.NewGuid():N}";
        var root = Directory.CreateTempSubdirectory("kiln-late-image-").FullName;
        try
        {
            await TestPods.CreateAsync(Client, WithImage("late-image", image, "sh", "-c", "pwd"));
            await Eventually.HoldsAsync(
                () => TestPods.TryReadAsync(Client, _ns, "late-image"),
                p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff",
                TimeSpan.FromSeconds(60),
                "the pull to fail");

            await File.AppendAllTextAsync(ImagesMap, $"{image}={root}\n");
            await TestPods.WaitForPhaseAsync(Client, _ns, "late-image", "Succeeded");
            Assert.Equal(root, (await TestPods.LogAsync(Client, _ns, "late-image")).Trim());
        }
        finally
        {
            await RemoveMappingAsync(image);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_image_without_a_registry_host_runs_on_the_host_as_an_image_present_on_the_node()
    {
        await TestPods.CreateAsync(Client, WithImage("busybox", "busybox:1.36", "sh", "-c", "echo present"));
        await TestPods.WaitForPhaseAsync(Client, _ns, "busybox", "Succeeded");
        Assert.Equal("present", (await TestPods.LogAsync(Client, _ns, "busybox")).Trim());
    }

    private async Task RemoveMappingAsync(string image) =>
        await File.WriteAllLinesAsync(ImagesMap, (await File.ReadAllLinesAsync(ImagesMap)).Where(l => !l.StartsWith(image + "=", StringComparison.Ordinal)));
}
