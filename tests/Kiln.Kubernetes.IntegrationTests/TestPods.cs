using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Builders and waits for the pods the tests run on the node agent.</summary>
internal static class TestPods
{
    public static Pod Shell(string ns, string name, string script, string restartPolicy = "Never") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new PodSpec
        {
            RestartPolicy = restartPolicy,
            TerminationGracePeriodSeconds = 5,
            Containers = [new Container { Name = "main", Image = "any", Command = ["sh", "-c", script] }],
        },
    };

    public static Task<Pod> WaitForPhaseAsync(KubernetesClient client, string ns, string name, params string[] phases) =>
        Eventually.HoldsAsync(
            () => client.Pods.TryGetAsync(ns, name),
            p => phases.Contains(p.Status?.Phase),
            TimeSpan.FromSeconds(60),
            $"pod {ns}/{name} to reach phase {string.Join("/", phases)}");

    public static Task WaitForGoneAsync(KubernetesClient client, string ns, string name, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => await client.Pods.TryGetAsync(ns, name) is null, timeout, $"pod {ns}/{name} to be deleted");
}
