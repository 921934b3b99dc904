using System.Runtime.CompilerServices;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes;

/// <summary>Pod logs (the pods/log subresource).</summary>
public sealed partial class KubernetesClient
{
    /// <summary>The whole log of a container so far.</summary>
    public async Task<string> ReadPodLogAsync(string? ns, string name, PodLogOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (path, info) = LogRequest(ns, name, (options ?? new PodLogOptions()) with { Follow = false });
        using var response = await SendAsync(HttpMethod.Get, path, info, null, null, streaming: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The log line by line; with <see cref="PodLogOptions.Follow"/> it ends when the container stops.</summary>
    public async IAsyncEnumerable<string> StreamPodLogAsync(
        string? ns, string name, PodLogOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (path, info) = LogRequest(ns, name, options ?? new PodLogOptions());
        using var response = await SendAsync(HttpMethod.Get, path, info, null, null, streaming: true, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    private (string Path, KubernetesRequestInfo Info) LogRequest(string? ns, string name, PodLogOptions options)
    {
        ns ??= DefaultNamespace;
        var query = new QueryBuilder()
            .Add("container", options.Container)
            .Add("follow", options.Follow)
            .Add("tailLines", options.TailLines)
            .Add("previous", options.Previous)
            .Add("timestamps", options.Timestamps);
        return (KubernetesResources.Pods.Path(ns, name, "log") + query, new KubernetesRequestInfo("get", "", "pods", "log", ns, name));
    }
}
