using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Kiln.Kubernetes.Http;
using Kiln.Kubernetes.Models;

namespace Kiln.Kubernetes;

/// <summary>
/// Watch verbs. <see cref="WatchAsync"/> is one server connection. <see cref="ListAndWatchAsync"/> is the
/// reliable form every controller wants:
/// <code>
///   list ──> Relisted(items) ──> watch from list RV ──> events (RV advances, bookmarks too)
///                ^                   │ stream ends (server timeout) or connection drops
///                │                   └──> reconnect from last RV (backoff on failures)
///                └──── 410 Gone (RV too old) ───────────────────────────────────────┘
/// </code>
/// </summary>
public sealed partial class ResourceClient<T>
{
    /// <summary>One watch connection. Ends when the server closes it; an ERROR event becomes a typed exception (410: <see cref="KubernetesGoneException"/>).</summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(
        string? ns, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var query = new QueryBuilder()
            .Add("watch", true)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("allowWatchBookmarks", options.AllowBookmarks)
            .Add("timeoutSeconds", options.ServerTimeout is { } t ? (long)Math.Max(1, t.TotalSeconds) : null);
        var info = Info("watch", ns, null);
        using var response = await _client.SendAsync(HttpMethod.Get, Type.Path(ns) + query, info, null, null, streaming: true, cancellationToken)
            .ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return ParseEvent(line, info);
        }
    }

    /// <summary>
    /// Lists (unless <see cref="WatchOptions.ResourceVersion"/> is set), then watches forever, reconnecting from
    /// the last seen resourceVersion and listing again after 410 Gone. Ends only by cancellation, or by an
    /// exception after <see cref="WatchOptions.MaxConsecutiveFailures"/> failed reconnects or a non-retryable error.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> ListAndWatchAsync(
        string? ns, WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var rv = options.ResourceVersion;
        if (rv is null)
        {
            var (items, listRv) = await RelistAsync(ns, options, cancellationToken).ConfigureAwait(false);
            rv = listRv;
            yield return new WatchEvent<T>(WatchEventType.Relisted, null, items);
        }

        var failures = 0;
        var first = true;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!first)
            {
                options.Reconnecting?.Invoke(rv);
            }

            first = false;
            var enumerator = WatchAsync(ns, options with { ResourceVersion = rv }, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using var _ = enumerator.ConfigureAwait(false);
            while (true)
            {
                var outcome = await NextAsync(enumerator).ConfigureAwait(false);
                if (outcome.Event is { } ev)
                {
                    failures = 0;
                    rv = ev.Object?.Metadata.ResourceVersion ?? rv;
                    yield return ev;
                    continue;
                }

                if (outcome.Gone)
                {
                    var (items, listRv) = await RelistAsync(ns, options, cancellationToken).ConfigureAwait(false);
                    rv = listRv;
                    yield return new WatchEvent<T>(WatchEventType.Relisted, null, items);
                }
                else if (outcome.Failure is { } failure)
                {
                    if (++failures > options.MaxConsecutiveFailures)
                    {
                        throw new KubernetesException($"Watch of {Type.Plural} failed {failures} times in a row.", failure);
                    }

                    var delay = RetryPolicy.Delay(failures - 1, null, _client.Options, Random.Shared.NextDouble());
                    await Task.Delay(delay, _client.Time, cancellationToken).ConfigureAwait(false);
                }

                break;
            }
        }
    }

    private static async Task<(WatchEvent<T>? Event, bool Gone, Exception? Failure)> NextAsync(IAsyncEnumerator<WatchEvent<T>> enumerator)
    {
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false) ? (enumerator.Current, false, null) : (null, false, null);
        }
        catch (KubernetesGoneException)
        {
            return (null, true, null);
        }
        catch (KubernetesApiException e) when ((int)e.StatusCode >= 500 || e.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return (null, false, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or KubernetesTimeoutException)
        {
            return (null, false, e);
        }
    }

    private async Task<(List<T> Items, string ResourceVersion)> RelistAsync(string? ns, WatchOptions options, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var list = new ListOptions { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector, Limit = 500 };
        while (true)
        {
            var page = await ListAsync(ns, list, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items);
            if (string.IsNullOrEmpty(page.Metadata.Continue))
            {
                return (items, page.Metadata.ResourceVersion ?? "");
            }

            list = list with { Continue = page.Metadata.Continue };
        }
    }

    internal static WatchEvent<T> ParseEvent(string line, KubernetesRequestInfo info)
    {
        using var doc = JsonDocument.Parse(line);
        var typeName = doc.RootElement.GetProperty("type").GetString();
        var obj = doc.RootElement.GetProperty("object");
        var type = typeName switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new KubernetesException($"Unknown watch event type '{typeName}'."),
        };
        if (type == WatchEventType.Error)
        {
            var status = obj.Deserialize<Status>(KubernetesJson.Options);
            var code = (HttpStatusCode)(status?.Code ?? 500);
            throw KubernetesApiException.Create(code, status, obj.GetRawText(), info);
        }

        var item = obj.Deserialize<T>(KubernetesJson.Options)
            ?? throw new KubernetesException($"Watch event {typeName} without an object.");
        return new WatchEvent<T>(type, item);
    }
}
