using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class NodeAgentVolumeTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private KubernetesClient Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ConfigMaps_and_secrets_reach_the_pod_as_env_and_files_with_var_expansion()
    {
        await Client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "settings", Namespace = _ns }, Data = new() { ["mode"] = "fast", ["file.txt"] = "from-configmap" } });
        await Client.Secrets.CreateAsync(new Secret { Metadata = new ObjectMeta { Name = "creds", Namespace = _ns }, StringData = new() { ["password"] = "s3cret" } });
        var pod = TestPods.Shell(_ns, "env-reader", "echo mode=$MODE pw=$PW greeting=$GREETING; cat /cfg/file.txt; echo; cat /sec/password; echo; echo '$(MODE)' '$$(MODE)'");
        var c = pod.Spec!.Containers![0];
        c.Env =
        [
            new EnvVar { Name = "MODE", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector { Name = "settings", Key = "mode" } } },
            new EnvVar { Name = "PW", ValueFrom = new EnvVarSource { SecretKeyRef = new KeySelector { Name = "creds", Key = "password" } } },
            new EnvVar { Name = "GREETING", Value = "hi-$(MODE)" },
        ];
        pod.Spec.Volumes =
        [
            new Volume { Name = "cfg", ConfigMap = new ConfigMapVolumeSource { Name = "settings" } },
            new Volume { Name = "sec", Secret = new SecretVolumeSource { SecretName = "creds" } },
        ];
        c.VolumeMounts = [new VolumeMount { Name = "cfg", MountPath = "/cfg" }, new VolumeMount { Name = "sec", MountPath = "/sec", ReadOnly = true }];
        await Client.Pods.CreateAsync(pod);

        await TestPods.WaitForPhaseAsync(Client, _ns, "env-reader", "Succeeded");
        var lines = (await Client.ReadPodLogAsync(_ns, "env-reader")).Split('\n');
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
            var pod = new Pod
            {
                Metadata = new ObjectMeta { Name = "pair", Namespace = _ns },
                Spec = new PodSpec
                {
                    RestartPolicy = "Never",
                    Volumes = [new Volume { Name = "host", HostPath = new HostPathVolumeSource { Path = host } }],
                    Containers =
                    [
                        new Container
                        {
                            Name = "writer", Image = "any", Command = ["sh", "-c", "echo from-$(NS) > /shared/out; echo writer-done"],
                            Env = [new EnvVar { Name = "NS", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.namespace" } } }],
                            VolumeMounts = [new VolumeMount { Name = "host", MountPath = "/shared" }],
                        },
                        new Container { Name = "other", Image = "any", Command = ["sh", "-c", "echo other-done"] },
                    ],
                },
            };
            await Client.Pods.CreateAsync(pod);
            var done = await TestPods.WaitForPhaseAsync(Client, _ns, "pair", "Succeeded");

            Assert.Equal(2, done.Status!.ContainerStatuses!.Count);
            Assert.Equal($"from-{_ns}", (await File.ReadAllTextAsync(Path.Combine(host, "out"))).Trim());
            Assert.Equal("writer-done", (await Client.ReadPodLogAsync(_ns, "pair", new PodLogOptions { Container = "writer" })).Trim());
            Assert.Equal("other-done", (await Client.ReadPodLogAsync(_ns, "pair", new PodLogOptions { Container = "other" })).Trim());
            var e = await Assert.ThrowsAsync<KubernetesApiException>(() => Client.ReadPodLogAsync(_ns, "pair"));
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
        pod.Spec!.Containers![0].Env = [new EnvVar { Name = "V", ValueFrom = new EnvVarSource { ConfigMapKeyRef = new KeySelector { Name = "late", Key = "v" } } }];
        await Client.Pods.CreateAsync(pod);
        var waiting = await Eventually.HoldsAsync(
            () => Client.Pods.TryGetAsync(_ns, "waiting"),
            p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Reason == "CreateContainerConfigError",
            TimeSpan.FromSeconds(60),
            "the container to wait for its configmap");
        Assert.Equal("Pending", waiting.Status!.Phase);

        await Client.ConfigMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "late", Namespace = _ns }, Data = new() { ["v"] = "arrived" } });
        await TestPods.WaitForPhaseAsync(Client, _ns, "waiting", "Succeeded");
        Assert.Equal("arrived", (await Client.ReadPodLogAsync(_ns, "waiting")).Trim());
    }

    [Fact]
    public async Task A_claim_is_provisioned_and_bound_and_its_data_outlives_the_pod()
    {
        await Client.PersistentVolumeClaims.CreateAsync(new PersistentVolumeClaim
        {
            Metadata = new ObjectMeta { Name = "data", Namespace = _ns },
            Spec = new PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Resources = new ResourceRequirements { Requests = new() { ["storage"] = "1Gi" } },
            },
        });
        var bound = await Eventually.HoldsAsync(
            () => Client.PersistentVolumeClaims.TryGetAsync(_ns, "data"), c => c.Status?.Phase == "Bound", TimeSpan.FromSeconds(60), "the claim to bind");
        Assert.Equal("kiln-local", bound.Spec!.StorageClassName);

        Pod WithClaim(string name, string script)
        {
            var pod = TestPods.Shell(_ns, name, script);
            pod.Spec!.Volumes = [new Volume { Name = "data", PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = "data" } }];
            pod.Spec.Containers![0].VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data" }];
            return pod;
        }

        await Client.Pods.CreateAsync(WithClaim("writer", "echo persisted > /data/f"));
        await TestPods.WaitForPhaseAsync(Client, _ns, "writer", "Succeeded");
        await Client.Pods.CreateAsync(WithClaim("reader", "cat /data/f"));
        await TestPods.WaitForPhaseAsync(Client, _ns, "reader", "Succeeded");
        Assert.Equal("persisted", (await Client.ReadPodLogAsync(_ns, "reader")).Trim());
    }
}
