using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

[Collection(ClusterCollection.Name)]
public sealed class NodeAgentPodTests(ClusterFixture cluster) : IAsyncLifetime
{
    private string _ns = "";

    private IKubernetes Client => cluster.Admin;

    public async Task InitializeAsync() => _ns = await cluster.NamespaceForAsync(GetType());

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_pod_runs_logs_and_exits_with_its_code_and_reason()
    {
        var pod = TestPods.Shell(_ns, "fails", "echo hello from $(POD_NAME) on $NODE at $POD_IP; echo to-stderr >&2; exit 3");
        pod.Spec!.Containers![0].Env =
        [
            new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            new V1EnvVar { Name = "NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
            new V1EnvVar { Name = "POD_IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
        ];
        await TestPods.CreateAsync(Client, pod);

        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "fails", "Failed");
        var terminated = done.Status!.ContainerStatuses![0].State!.Terminated!;
        Assert.Equal(3, terminated.ExitCode);
        Assert.Equal("Error", terminated.Reason);
        Assert.StartsWith("127.", done.Status.PodIP, StringComparison.Ordinal);
        Assert.StartsWith("kiln-node-", done.Spec!.NodeName, StringComparison.Ordinal);

        var log = await TestPods.LogAsync(Client, _ns, "fails");
        Assert.Contains($"hello from fails on {done.Spec.NodeName} at {done.Status.PodIP}", log, StringComparison.Ordinal);
        Assert.Contains("to-stderr", log, StringComparison.Ordinal);

        var events = await Client.CoreV1.ListNamespacedEventAsync(_ns, fieldSelector: "involvedObject.name=fails");
        Assert.Contains(events.Items, e => e.Reason == "Scheduled" && e.ReportingComponent == "default-scheduler");
        Assert.Contains(events.Items, e => e.Reason == "Started" && e.Source?.Host == done.Spec.NodeName && e.InvolvedObject!.FieldPath == "spec.containers{main}");
    }

    [Fact]
    public async Task A_successful_pod_completes_and_its_log_can_be_followed()
    {
        await TestPods.CreateAsync(Client, TestPods.Shell(_ns, "counts", "for i in 1 2 3 4 5; do echo line-$i; sleep 0.3; done"));
        await Eventually.HoldsAsync(() => TestPods.TryReadAsync(Client, _ns, "counts"), p => p.Status?.Phase is "Running" or "Succeeded", TimeSpan.FromSeconds(60), "the pod to start");

        var lines = new List<string>();
        var stream = await Client.CoreV1.ReadNamespacedPodLogAsync("counts", _ns, follow: true);
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        }

        Assert.Equal(["line-1", "line-2", "line-3", "line-4", "line-5"], lines);
        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "counts", "Succeeded");
        Assert.Equal("Completed", done.Status!.ContainerStatuses![0].State!.Terminated!.Reason);
        Assert.Equal(0, done.Status.ContainerStatuses[0].State!.Terminated!.ExitCode);
    }

    [Fact]
    public async Task Exceeding_the_memory_limit_is_OOMKilled()
    {
        var pod = TestPods.Shell(_ns, "hog", "x=$(head -c 400000000 /dev/zero | tr '\\000' a); echo survived ${#x}");
        pod.Spec!.Containers![0].Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } };
        await TestPods.CreateAsync(Client, pod);

        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "hog", "Failed", "Succeeded");
        var terminated = done.Status!.ContainerStatuses![0].State!.Terminated!;
        Assert.Equal("OOMKilled", terminated.Reason);
        Assert.Equal(137, terminated.ExitCode);
    }

    [Fact]
    public async Task RestartPolicy_OnFailure_restarts_until_success()
    {
        var pod = TestPods.Shell(_ns, "flaky", "if [ -f /scratch/ran ]; then echo second; exit 0; fi; touch /scratch/ran; echo first; exit 1", "OnFailure");
        pod.Spec!.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }];
        pod.Spec.Containers![0].VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/scratch" }];
        await TestPods.CreateAsync(Client, pod);

        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "flaky", "Succeeded");
        var status = done.Status!.ContainerStatuses![0];
        Assert.Equal(1, status.RestartCount);
        Assert.Equal(1, status.LastState!.Terminated!.ExitCode);
        Assert.Equal("second", (await TestPods.LogAsync(Client, _ns, "flaky")).Trim());
        Assert.Equal("first", (await TestPods.LogAsync(Client, _ns, "flaky", previous: true)).Trim());
    }

    [Fact]
    public async Task Graceful_deletion_sends_SIGTERM_then_SIGKILL_after_the_grace_period()
    {
        var polite = TestPods.Shell(_ns, "polite", "trap 'echo got TERM; exit 0' TERM; while true; do sleep 0.1; done");
        var stubborn = TestPods.Shell(_ns, "stubborn", "trap '' TERM; while true; do sleep 0.1; done");
        await TestPods.CreateAsync(Client, polite);
        await TestPods.CreateAsync(Client, stubborn);
        await TestPods.WaitForPhaseAsync(Client, _ns, "polite", "Running");
        await TestPods.WaitForPhaseAsync(Client, _ns, "stubborn", "Running");

        var clock = Stopwatch.StartNew();
        await Client.CoreV1.DeleteNamespacedPodAsync("polite", _ns, new V1DeleteOptions { GracePeriodSeconds = 30 });
        await TestPods.WaitForGoneAsync(Client, _ns, "polite", TimeSpan.FromSeconds(20));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"a pod that exits on SIGTERM went in {clock.Elapsed}, not well before its 30s grace");

        clock.Restart();
        await Client.CoreV1.DeleteNamespacedPodAsync("stubborn", _ns, new V1DeleteOptions { GracePeriodSeconds = 3 });
        var during = await TestPods.TryReadAsync(Client, _ns, "stubborn");
        Assert.NotNull(during?.Metadata.DeletionTimestamp);
        await TestPods.WaitForGoneAsync(Client, _ns, "stubborn", TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.5), $"a pod ignoring SIGTERM went after {clock.Elapsed}, before its 3s grace period");
    }

    [Fact]
    public async Task Deleting_the_owner_makes_the_garbage_collector_delete_the_pod()
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, _ns);
        var pod = TestPods.Shell(_ns, "owned", "sleep 600");
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }];
        await TestPods.CreateAsync(Client, pod);
        await TestPods.WaitForPhaseAsync(Client, _ns, "owned", "Running");

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", _ns, new V1DeleteOptions { PropagationPolicy = "Background" });
        await TestPods.WaitForGoneAsync(Client, _ns, "owned", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_pod_asking_for_more_cpu_than_any_node_has_stays_pending_with_the_schedulers_reason()
    {
        var pod = TestPods.Shell(_ns, "greedy", "true");
        pod.Spec!.Containers![0].Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("64") } };
        await TestPods.CreateAsync(Client, pod);

        var pending = await Eventually.HoldsAsync(
            () => TestPods.TryReadAsync(Client, _ns, "greedy"),
            p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False") == true,
            TimeSpan.FromSeconds(60),
            "the scheduler to refuse the pod");
        var condition = pending.Status!.Conditions!.Single(c => c.Type == "PodScheduled");
        Assert.Equal("Pending", pending.Status.Phase);
        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Contains("Insufficient cpu", condition.Message, StringComparison.Ordinal);
        Assert.Null(pending.Spec!.NodeName);
    }

    [Fact]
    public async Task Kubectl_run_and_logs_work_against_the_cluster()
    {
        var (code, output) = await RunKubectlAsync("run", "kubectl-t", "-n", _ns, "--image=any", "--restart=Never", "--", "sh", "-c", "echo hi; exit 3");
        Assert.True(code == 0, output);
        var done = await TestPods.WaitForPhaseAsync(Client, _ns, "kubectl-t", "Failed");
        Assert.Equal(3, done.Status!.ContainerStatuses![0].State!.Terminated!.ExitCode);
        (code, output) = await RunKubectlAsync("logs", "-n", _ns, "kubectl-t");
        Assert.Equal(0, code);
        Assert.Equal("hi", output.Trim());
    }

    private async Task<(int Code, string Output)> RunKubectlAsync(params string[] args)
    {
        var psi = new ProcessStartInfo(cluster.Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(cluster.Kubeconfig);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
