using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class NodeAgentVolumeTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ConfigMaps_and_secrets_reach_the_pod_as_env_and_files_with_var_expansion()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast", ["file.txt"] = "from-configmap" } }, _ns);
        await Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, StringData = new Dictionary<string, string> { ["password"] = "s3cret" } }, _ns);
        var pod = TestPods.Shell(_ns, "env-reader", "echo mode=$MODE pw=$PW greeting=$GREETING; cat /cfg/file.txt; echo; cat /sec/password; echo; echo '$(MODE)' '$$(MODE)'");
        var c = pod.Spec!.Containers![0];
        c.Env =
        [
            new V1EnvVar { Name = "MODE", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "mode" } } },
            new V1EnvVar { Name = "PW", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "password" } } },
            new V1EnvVar { Name = "GREETING", Value = "hi-$(MODE)" },
        ];
        pod.Spec.Volumes =
        [
            new V1Volume { Name = "cfg", ConfigMap = new V1ConfigMapVolumeSource { Name = "settings" } },
            new V1Volume { Name = "sec", Secret = new V1SecretVolumeSource { SecretName = "creds" } },
        ];
        c.VolumeMounts = [new V1VolumeMount { Name = "cfg", MountPath = "/cfg" }, new V1VolumeMount { Name = "sec", MountPath = "/sec", ReadOnlyProperty = true }];
        await TestPods.CreateAsync(Client, pod);

        await TestPods.WaitForPhaseAsync(Client, _ns, "env-reader", "Succeeded");
        var lines = (await TestPods.LogAsync(Client, _ns, "env-reader")).Split('\n');
        Assert.Equal("mode=fast pw=s3cret greeting=hi-fast", lines[0]);
        Assert.Equal("from-configmap", lines[1]);
        Assert.Equal("s3cret", lines[2]);
        Assert.Equal("fast $(MODE)", lines[3]);
    }

    [Fact]
    public async Task HostPath_volumes_and_several_containers_with_their_own_logs()
    {
        var host = Directory.CreateTempSubdirectory("kiln-hostpath-").FullName;
        try
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "pair", NamespaceProperty = _ns },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Volumes = [new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = host } }],
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "writer", Image = "any", Command = ["sh", "-c", "echo from-$(NS) > /shared/out; echo writer-done"],
                            Env = [new V1EnvVar { Name = "NS", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } }],
                            VolumeMounts = [new V1VolumeMount { Name = "host", MountPath = "/shared" }],
                        },
                        new V1Container { Name = "other", Image = "any", Command = ["sh", "-c", "echo other-done"] },
                    ],
                },
            };
            await TestPods.CreateAsync(Client, pod);
            var done = await TestPods.WaitForPhaseAsync(Client, _ns, "pair", "Succeeded");

            Assert.Equal(2, done.Status!.ContainerStatuses!.Count);
            Assert.Equal($"from-{_ns}", (await File.ReadAllTextAsync(Path.Combine(host, "out"))).Trim());
            Assert.Equal("writer-done", (await TestPods.LogAsync(Client, _ns, "pair", "writer")).Trim());
            Assert.Equal("other-done", (await TestPods.LogAsync(Client, _ns, "pair", "other")).Trim());
            var e = await Assert.ThrowsAsync<KubernetesApiException>(() => TestPods.LogAsync(Client, _ns, "pair"));
            Assert.Equal(400, (int)e.StatusCode); // a container must be named when there are several
        }
        finally
        {
            Directory.Delete(host, recursive: true);
        }
    }

    [Fact]
    public async Task A_pod_waits_for_a_missing_configmap_and_starts_once_it_exists()
    {
        var pod = TestPods.Shell(_ns, "waiting", "echo $V");
        pod.Spec!.Containers![0].Env = [new V1EnvVar { Name = "V", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "late", Key = "v" } } }];
        await TestPods.CreateAsync(Client, pod);
        var waiting = await Eventually.HoldsAsync(
            () => TestPods.TryReadAsync(Client, _ns, "waiting"),
            p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "CreateContainerConfigError",
            TimeSpan.FromSeconds(60),
            "the container to wait for its configmap");
        Assert.Equal("Pending", waiting.Status!.Phase);

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" }, Data = new Dictionary<string, string> { ["v"] = "arrived" } }, _ns);
        await TestPods.WaitForPhaseAsync(Client, _ns, "waiting", "Succeeded");
        Assert.Equal("arrived", (await TestPods.LogAsync(Client, _ns, "waiting")).Trim());
    }

    [Fact]
    public async Task A_claim_is_provisioned_and_bound_and_its_data_outlives_the_pod()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "data" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
                },
            },
            _ns);
        var bound = await Eventually.HoldsAsync(
            () => Missing.OrNullAsync(() => Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data", _ns)), c => c.Status?.Phase == "Bound", TimeSpan.FromSeconds(60), "the claim to bind");
        Assert.Equal("kiln-local", bound.Spec!.StorageClassName);

        V1Pod WithClaim(string name, string script)
        {
            var pod = TestPods.Shell(_ns, name, script);
            pod.Spec!.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data" } }];
            pod.Spec.Containers![0].VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }];
            return pod;
        }

        await TestPods.CreateAsync(Client, WithClaim("writer", "echo persisted > /data/f"));
        await TestPods.WaitForPhaseAsync(Client, _ns, "writer", "Succeeded");
        await TestPods.CreateAsync(Client, WithClaim("reader", "cat /data/f"));
        await TestPods.WaitForPhaseAsync(Client, _ns, "reader", "Succeeded");
        Assert.Equal("persisted", (await TestPods.LogAsync(Client, _ns, "reader")).Trim());
    }
}
