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
    public async Task Each_executor_pods_log_is_kept_beside_the_event_log_to_its_last_line_after_the_pod_is_gone()
    {
        var ns = await cluster.NewNamespaceAsync("podlogs");
        var eventDir = Directory.CreateTempSubdirectory("kiln-podlogs-").FullName;
        try
        {
            string appId;
            await using (var session = await KilnSession.CreateAsync(cluster.Conf(ns).Set("kiln.eventLog.enabled", "true").Set("kiln.eventLog.dir", eventDir)))
            {
                appId = session.AppId;
                Assert.Equal(Queries.ExpectedGroupTotals(), Queries.GroupTotals(session));
            }

            await Eventually.TrueAsync(async () => (await cluster.PodsOfAsync(ns, appId)).Count == 0, TimeSpan.FromSeconds(30), "the executor pods to be deleted");
            var logs = Kiln.Status.ExecutorLogs.ExecutorLogFiles.DirectoryFor(eventDir, appId);
            foreach (var id in new[] { "0", "1" })
            {
                var log = await File.ReadAllTextAsync(Path.Combine(logs, $"executor-{id}.stdout"));
                Assert.Contains($"Executor {id} registered with driver", log, StringComparison.Ordinal);
                // The line an executor writes as it stops, after the driver told it to: kept although the pod was deleted right after.
                Assert.Contains($"Executor {id} stopping", log, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(eventDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_executor_pod_force_deleted_during_the_map_stage_is_replaced_and_the_answer_is_exact()
    {
        var (session, deleted) = await RunDeletingAPodAsync("podloss", stage: 0, executorId: "0");
        await using (session)
        {
            Assert.Equal(1, deleted);
            var executors = ((KubernetesBackend)session.Engine.Backend).Cluster.Executors;
            var lost = Assert.Single(executors, e => e.Id == "0");
            Assert.Equal(ExecutorState.Lost, lost.State);
            Assert.Contains(executors, e => e.Id == "2" && e.State is ExecutorState.Active or ExecutorState.Starting); // the replacement may still be starting when the job ends
        }
    }

    [Fact]
    public async Task An_executor_pod_force_deleted_during_shuffle_reads_gives_the_exact_answer()
    {
        var (session, deleted) = await RunDeletingAPodAsync("readloss", stage: 1, executorId: "1");
        await using (session)
        {
            Assert.Equal(1, deleted);
            Assert.Equal(ExecutorState.Lost, Assert.Single(((KubernetesBackend)session.Engine.Backend).Cluster.Executors, e => e.Id == "1").State);
        }
    }

    [Fact]
    public async Task An_executor_pod_deleted_with_its_grace_period_mid_job_hands_its_map_outputs_over_and_nothing_is_recomputed()
    {
        var ns = await cluster.NewNamespaceAsync("decom");
        const string Leaving = "1";
        await using var session = await KilnSession.CreateAsync(cluster.Conf(ns)
            .Set("kiln.test.taskDelay", "300ms")
            .Set(Kiln.Common.Config.ConfigKeys.ShufflePartitions.Key, "16")
            .Set("kiln.decommission.enabled", "true")
            .Set("kiln.storage.decommission.shuffleBlocks.enabled", "true"));
        var outputsBefore = -1;
        session.Listener = new StageWatcher((index, ended) =>
        {
            // The map stage is done and the reduce stage has most of its tasks ahead: a normal pod deletion (SIGTERM,
            // then the pod's terminationGracePeriodSeconds), as a node drain or kubectl delete makes.
            if (index == 1 && ended == 1 && Interlocked.CompareExchange(ref outputsBefore, session.Engine.MapOutputs.OutputsOn(Leaving).Count, -1) == -1)
            {
                var pod = ((KubernetesBackend)session.Engine.Backend).Launcher.PodNames[Leaving];
                cluster.Admin.CoreV1.DeleteNamespacedPod(pod, ns);
            }
        });

        var query = Task.Run(() => Queries.GroupTotals(session));
        await Eventually.TrueAsync(
            () => Task.FromResult(query.IsCompleted || ((KubernetesBackend)session.Engine.Backend).Cluster.Executors.Any(e => e.Id == Leaving && e.State is ExecutorState.Stopped or ExecutorState.Lost)),
            TimeSpan.FromMinutes(2),
            $"executor {Leaving} to leave");
        Assert.False(query.IsCompleted, "the job ended before the executor left: the test proves nothing");
        Assert.Equal(Queries.ExpectedGroupTotals(), await query);

        Assert.True(outputsBefore > 0, "the deleted executor held no map output: the test proves nothing");
        Assert.Equal(0, session.Engine.Scheduler.Counters.FetchFailedTasks);
        Assert.Equal(0, session.Engine.Scheduler.Counters.RecomputedMapTasks);
        var left = Assert.Single(((KubernetesBackend)session.Engine.Backend).Cluster.Executors, e => e.Id == Leaving);
        Assert.StartsWith("decommissioned:", left.LossReason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the group-totals query with slow tasks and force-deletes one executor's pod once the first task of the
    /// given stage has ended; asserts the exact answer and returns the session (for its executors) and how many pods
    /// were deleted.
    /// </summary>
    private async Task<(KilnSession Session, int Deleted)> RunDeletingAPodAsync(string hint, int stage, string executorId)
    {
        var ns = await cluster.NewNamespaceAsync(hint);
        var session = await KilnSession.CreateAsync(cluster.Conf(ns).Set("kiln.test.taskDelay", "300ms"));
        var deleted = 0;
        session.Listener = new StageWatcher((index, ended) =>
        {
            if (index == stage && ended == (stage == 0 ? 2 : 1) && Interlocked.Exchange(ref deleted, 1) == 0)
            {
                var pod = ((KubernetesBackend)session.Engine.Backend).Launcher.PodNames[executorId];
                cluster.Admin.CoreV1.DeleteNamespacedPod(pod, ns, gracePeriodSeconds: 0);
            }
        });

        try
        {
            Assert.Equal(Queries.ExpectedGroupTotals(), Queries.GroupTotals(session));
            return (session, deleted);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
