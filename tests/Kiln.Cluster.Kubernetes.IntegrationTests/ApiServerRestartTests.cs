namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>The API server killed and restarted in the middle of a job: running tasks go on, the watch reconnects, the job finishes and its pods are deleted.</summary>
[Collection(PodClusterCollection.Name)]
public sealed class ApiServerRestartTests(PodCluster cluster)
{
    [Fact]
    public async Task A_job_finishes_with_the_exact_answer_across_an_API_server_restart_and_leaves_no_pod()
    {
        var ns = await cluster.NewNamespaceAsync("apirestart");
        string appId;
        await using (var session = await KilnSession.CreateAsync(cluster.Conf(ns).Set("kiln.test.taskDelay", "1s")))
        {
            appId = session.AppId;
            var firstTaskDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            session.Listener = new StageWatcher((stage, ended) => firstTaskDone.TrySetResult());
            var query = Task.Run(() => Queries.GroupTotals(session));
            await firstTaskDone.Task.WaitAsync(TimeSpan.FromSeconds(60));

            await cluster.RestartApiServerAsync();

            Assert.Equal(Queries.ExpectedGroupTotals(), await query.WaitAsync(TimeSpan.FromMinutes(3)));
            Assert.All(((KubernetesBackend)session.Engine.Backend).Cluster.Executors, e => Assert.Equal(Driver.ExecutorState.Active, e.State));
        }

        await Eventually.TrueAsync(async () => (await cluster.PodsOfAsync(ns, appId)).Count == 0, TimeSpan.FromSeconds(60), "the executor pods to be deleted after the restart");
    }
}
