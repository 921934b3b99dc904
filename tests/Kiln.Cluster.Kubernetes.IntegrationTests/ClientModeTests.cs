using k8s;
using Kiln.Cluster.Driver;

namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>
/// Client mode on the real control plane: the driver runs in this test process, its executors in pods that the node
/// agent runs as processes of this checkout's ./kiln (image kiln:dev). What a user passes is all that is passed: the
/// master, the image, the namespace and the executor count.
/// </summary>
[Collection(PodClusterCollection.Name)]
public sealed class ClientModeTests(PodCluster cluster)
{
    [Fact]
    public async Task A_query_runs_on_two_executor_pods_that_carry_Kilns_labels_and_are_gone_afterwards()
    {
        var ns = await cluster.NewNamespaceAsync("clientmode");
        string appId;
        await using (var session = await KilnSession.CreateAsync(cluster.Conf(ns)))
        {
            appId = session.AppId;
            Assert.Equal(Queries.ExpectedGroupTotals(), Queries.GroupTotals(session));
            var pods = await cluster.PodsOfAsync(ns, appId);
            Assert.Equal(2, pods.Count);
            Assert.All(pods, p =>
            {
                Assert.Equal("executor", p.Metadata.Labels["kiln-role"]);
                Assert.Equal("Running", p.Status.Phase);
                Assert.DoesNotContain(p.Spec.Containers[0].Env, e => e.Name == "KILN_AUTH_SECRET" && e.Value is not null);
                Assert.Equal("kiln-" + appId[(appId.LastIndexOf('-') + 1)..] + "-auth", p.Spec.Containers[0].Env.Single(e => e.Name == "KILN_AUTH_SECRET").ValueFrom.SecretKeyRef.Name);
                Assert.Equal("768Mi", p.Spec.Containers[0].Resources.Limits["memory"].ToString());
            });
            Assert.Equal(["0", "1"], pods.Select(p => p.Metadata.Labels["kiln-exec-id"]).Order(StringComparer.Ordinal));
            var executors = ((KubernetesBackend)session.Engine.Backend).Cluster.Executors;
            Assert.All(executors, e => Assert.StartsWith("pod kiln-", e.Process, StringComparison.Ordinal));
        }

        await Eventually.TrueAsync(async () => (await cluster.PodsOfAsync(ns, appId)).Count == 0, TimeSpan.FromSeconds(30), "the executor pods to be deleted");
        var secrets = await cluster.Admin.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: $"kiln-app-id={appId}");
        Assert.Empty(secrets.Items);
    }

    [Fact]
    public async Task An_executor_pod_force_deleted_during_the_map_stage_is_replaced_and_the_answer_is_exact()
    {
        var ns = await cluster.NewNamespaceAsync("podloss");
        await using var session = await KilnSession.CreateAsync(cluster.Conf(ns).Set("kiln.test.taskDelay", "300ms"));
        var deleted = 0;
        session.Listener = new StageWatcher((stage, ended) =>
        {
            if (stage == 0 && ended == 2 && Interlocked.Exchange(ref deleted, 1) == 0)
            {
                var pod = ((KubernetesBackend)session.Engine.Backend).Launcher.PodNames["0"];
                cluster.Admin.CoreV1.DeleteNamespacedPod(pod, ns, gracePeriodSeconds: 0);
            }
        });

        Assert.Equal(Queries.ExpectedGroupTotals(), Queries.GroupTotals(session));
        Assert.Equal(1, deleted);
        var executors = ((KubernetesBackend)session.Engine.Backend).Cluster.Executors;
        var lost = Assert.Single(executors, e => e.Id == "0");
        Assert.Equal(ExecutorState.Lost, lost.State);
        Assert.Contains(executors, e => e.Id == "2" && e.State == ExecutorState.Active);
    }

    [Fact]
    public async Task An_executor_pod_force_deleted_during_shuffle_reads_gives_the_exact_answer()
    {
        var ns = await cluster.NewNamespaceAsync("readloss");
        await using var session = await KilnSession.CreateAsync(cluster.Conf(ns).Set("kiln.test.taskDelay", "300ms"));
        var deleted = 0;
        session.Listener = new StageWatcher((stage, ended) =>
        {
            if (stage == 1 && ended == 1 && Interlocked.Exchange(ref deleted, 1) == 0)
            {
                var pod = ((KubernetesBackend)session.Engine.Backend).Launcher.PodNames["1"];
                cluster.Admin.CoreV1.DeleteNamespacedPod(pod, ns, gracePeriodSeconds: 0);
            }
        });

        Assert.Equal(Queries.ExpectedGroupTotals(), Queries.GroupTotals(session));
        Assert.Equal(1, deleted);
        Assert.Equal(ExecutorState.Lost, Assert.Single(((KubernetesBackend)session.Engine.Backend).Cluster.Executors, e => e.Id == "1").State);
    }
}
