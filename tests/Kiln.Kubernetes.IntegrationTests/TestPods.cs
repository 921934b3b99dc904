using k8s;
using k8s.Models;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Builders and waits for the pods the tests run on the node agent.</summary>
internal static class TestPods
{
    public static V1Pod Shell(string ns, string name, string script, string restartPolicy = "Never") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1PodSpec
        {
            RestartPolicy = restartPolicy,
            TerminationGracePeriodSeconds = 5,
            Containers = [new V1Container { Name = "main", Image = "any", Command = ["sh", "-c", script] }],
        },
    };

    public static Task<V1Pod?> TryReadAsync(IKubernetes client, string ns, string name) =>
        Missing.OrNullAsync(() => client.CoreV1.ReadNamespacedPodAsync(name, ns));

    public static Task<V1Pod> CreateAsync(IKubernetes client, V1Pod pod) =>
        client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty);

    public static Task<V1Pod> WaitForPhaseAsync(IKubernetes client, string ns, string name, params string[] phases) =>
        Eventually.HoldsAsync(
            () => TryReadAsync(client, ns, name),
            p => phases.Contains(p.Status?.Phase),
            TimeSpan.FromSeconds(60),
            $"pod {ns}/{name} to reach phase {string.Join("/", phases)}");

    public static Task WaitForGoneAsync(IKubernetes client, string ns, string name, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => await TryReadAsync(client, ns, name) is null, timeout, $"pod {ns}/{name} to be deleted");

    /// <summary>The whole log of a container so far, through the official pods/log call.</summary>
    public static async Task<string> LogAsync(IKubernetes client, string ns, string name, string? container = null, bool previous = false)
    {
        var stream = await client.CoreV1.ReadNamespacedPodLogAsync(name, ns, container: container, previous: previous);
        await using (stream)
        {
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync();
        }
    }
}
