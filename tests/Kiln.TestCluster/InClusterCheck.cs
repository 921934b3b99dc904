using Kiln.Kubernetes;

namespace Kiln.TestCluster;

/// <summary>Run inside a pod by the integration tests: proves the in-cluster configuration works end to end.</summary>
internal static class InClusterCheck
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var config = KubernetesClientConfiguration.InCluster();
        using var client = new KubernetesClient(config);
        var list = await client.ConfigMaps.ListAsync(config.Namespace, null, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"incluster-ok namespace={config.Namespace} configmaps={list.Items.Count}");
        return 0;
    }
}
