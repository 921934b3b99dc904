using k8s;

namespace Kiln.Kubernetes.IntegrationTests;

/// <summary>Polls a condition against the real cluster until it holds or a deadline passes.</summary>
internal static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds}s waiting for {what}. Last value: {(last is null ? "null" : KubernetesJson.Serialize(last))}");
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds}s waiting for {what}.");
    }
}
