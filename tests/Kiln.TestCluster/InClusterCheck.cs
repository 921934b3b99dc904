using k8s;
using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>Run inside a pod by the integration tests: proves that the default configuration there is the in-cluster one and works end to end.</summary>
internal static class InClusterCheck
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var config = KubernetesClients.LoadConfiguration();
        using var client = KubernetesClients.Create(config);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync(config.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"incluster-ok namespace={config.Namespace} host={config.Host} configmaps={list.Items.Count}");
        return 0;
    }
}
