namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Reads where a missing object is an answer (null), not a failure.</summary>
internal static class Missing
{
    public static async Task<T?> OrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (KubernetesNotFoundException)
        {
            return null;
        }
    }

    public static Task<k8s.Models.V1ServiceAccount?> TryReadServiceAccountAsync(this k8s.IKubernetes client, string ns, string name) =>
        OrNullAsync(() => k8s.CoreV1OperationsExtensions.ReadNamespacedServiceAccountAsync(client.CoreV1, name, ns));
}
