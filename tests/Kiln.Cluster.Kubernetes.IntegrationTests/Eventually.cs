namespace Kiln.Cluster.Kubernetes.IntegrationTests;

/// <summary>The one way these tests wait for the cluster: poll a condition until it holds or the deadline passes, then fail naming it.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}{(last is null ? string.Empty : $" (last error: {last.Message})")}");
    }
}
