using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Kiln.Kubernetes.Http;

namespace Kiln.Kubernetes.Watch;

/// <summary>
/// List-then-watch on top of the official client's list calls, the reliable form every controller wants:
/// <code>
///   list (pages) ──> Relisted(items) ──> watch from the list's RV ──> events (RV advances, bookmarks too)
///        ^                                  │ stream ends (server timeout) or connection drops
///        │                                  └──> reconnect from the last seen RV (backoff after failures)
///        ├──── 410 Gone (RV too old) ────────────────────────────────────────────────┘
///        └──── resync interval elapsed (at the end of a connection, which is cut to fit) ─┘
/// </code>
/// Generic over the resource through two delegates (<see cref="ListCall{TList}"/>, <see cref="WatchCall{T}"/>);
/// <see cref="PodsAsync"/> wires them for pods.
/// </summary>
public static class KubernetesListWatch
{
    private static readonly TimeSpan MaxFailureDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lists (unless <see cref="ListWatchOptions.ResourceVersion"/> is set), then watches forever, reconnecting from the
    /// last seen resourceVersion and listing again after 410 Gone and at each <see cref="ListWatchOptions.ResyncInterval"/>.
    /// </summary>
    /// <remarks>
    /// The sequence is cold: each enumeration starts its own list and watch, and one enumeration must be consumed by one
    /// reader at a time (events are produced as the reader asks for them; a slow reader delays the stream, it loses
    /// nothing). It ends only when <paramref name="cancellationToken"/> is cancelled (OperationCanceledException), or with
    /// an exception after <see cref="ListWatchOptions.MaxConsecutiveFailures"/> failed connections in a row or an error
    /// that retrying cannot fix (403, 404, ...: the typed <see cref="KubernetesApiException"/>). Disposing the enumerator
    /// closes the connection. Objects handed out are the client's deserialized copies; the helper keeps no reference.
    /// </remarks>
    public static async IAsyncEnumerable<ListWatchEvent<T>> ListAndWatchAsync<T, TList>(
        ListCall<TList> list,
        WatchCall<T> watch,
        ListWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IMetadata<V1ListMeta>, IItems<T>
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(watch);
        options ??= new ListWatchOptions();
        var time = options.TimeProvider;
        var rv = options.ResourceVersion;
        var nextResync = NextResync(options, time);
        if (rv is null)
        {
            var (items, listRv) = await RelistAsync<TList, T>(list, options, cancellationToken).ConfigureAwait(false);
            rv = listRv;
            yield return new ListWatchEvent<T>(ListWatchEventType.Relisted, null, items);
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
            var request = new ListRequest
            {
                LabelSelector = options.LabelSelector,
                FieldSelector = options.FieldSelector,
                ResourceVersion = rv,
                AllowWatchBookmarks = options.AllowBookmarks,
                TimeoutSeconds = TimeoutSeconds(options, nextResync, time),
            };
            var enumerator = watch(request, e => throw Translate(e), cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (enumerator.ConfigureAwait(false))
            {
                while (true)
                {
                    var outcome = await NextAsync(enumerator).ConfigureAwait(false);
                    if (outcome.Event is { } ev)
                    {
                        failures = 0;
                        rv = ev.Object?.Metadata?.ResourceVersion ?? rv;
                        yield return ev;
                        continue;
                    }

                    if (outcome.Gone)
                    {
                        var (items, listRv) = await RelistAsync<TList, T>(list, options, cancellationToken).ConfigureAwait(false);
                        rv = listRv;
                        nextResync = NextResync(options, time);
                        yield return new ListWatchEvent<T>(ListWatchEventType.Relisted, null, items);
                    }
                    else if (outcome.Failure is { } failure)
                    {
                        if (++failures > options.MaxConsecutiveFailures)
                        {
                            throw new KubernetesException($"The watch failed {failures} times in a row; the last failure: {failure.Message}", failure);
                        }

                        await Task.Delay(FailureDelay(options, failures), time, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }
            }

            if (nextResync is { } due && time.GetUtcNow() >= due)
            {
                var (items, listRv) = await RelistAsync<TList, T>(list, options, cancellationToken).ConfigureAwait(false);
                rv = listRv;
                nextResync = NextResync(options, time);
                yield return new ListWatchEvent<T>(ListWatchEventType.Relisted, null, items);
            }
        }
    }

    /// <summary>
    /// <see cref="ListAndWatchAsync{T, TList}"/> for the pods of one namespace, or of all namespaces when
    /// <paramref name="namespace"/> is null.
    /// </summary>
    /// <remarks>Same threading and lifetime rules as <see cref="ListAndWatchAsync{T, TList}"/>.</remarks>
    public static IAsyncEnumerable<ListWatchEvent<V1Pod>> PodsAsync(
        IKubernetes client, string? @namespace, ListWatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (@namespace is null)
        {
            return ListAndWatchAsync<V1Pod, V1PodList>(
                (r, ct) => client.CoreV1.ListPodForAllNamespacesAsync(
                    continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
                (r, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(
                    allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                    resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
                options,
                cancellationToken);
        }

        return ListAndWatchAsync<V1Pod, V1PodList>(
            (r, ct) => client.CoreV1.ListNamespacedPodAsync(
                @namespace, continueParameter: r.Continue, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct),
            (r, onError, ct) => client.CoreV1.WatchListNamespacedPodAsync(
                @namespace, allowWatchBookmarks: r.AllowWatchBookmarks, fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector,
                resourceVersion: r.ResourceVersion, timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct),
            options,
            cancellationToken);
    }

    private static DateTimeOffset? NextResync(ListWatchOptions options, TimeProvider time) =>
        options.ResyncInterval is { } interval && interval > TimeSpan.Zero ? time.GetUtcNow() + interval : null;

    /// <summary>The server timeout of the next connection: the configured one, cut so that a due resync is not missed.</summary>
    private static int? TimeoutSeconds(ListWatchOptions options, DateTimeOffset? nextResync, TimeProvider time)
    {
        var timeout = options.ServerTimeout;
        if (nextResync is { } due)
        {
            var left = due - time.GetUtcNow();
            timeout = timeout is { } t && t < left ? t : left;
        }

        return timeout is { } s ? (int)Math.Max(1, Math.Ceiling(s.TotalSeconds)) : null;
    }

    private static TimeSpan FailureDelay(ListWatchOptions options, int failures)
    {
        var exp = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exp, MaxFailureDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static async Task<(ListWatchEvent<T>? Event, bool Gone, Exception? Failure)> NextAsync<T>(
        IAsyncEnumerator<(WatchEventType Type, T Object)> enumerator)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                return (null, false, null);
            }

            var (type, obj) = enumerator.Current;
            var mapped = type switch
            {
                WatchEventType.Added => ListWatchEventType.Added,
                WatchEventType.Modified => ListWatchEventType.Modified,
                WatchEventType.Deleted => ListWatchEventType.Deleted,
                WatchEventType.Bookmark => ListWatchEventType.Bookmark,
                _ => throw new KubernetesException($"The watch sent an event of type {type} without a Status."),
            };
            return (new ListWatchEvent<T>(mapped, obj), false, null);
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

    private static async Task<(List<T> Items, string ResourceVersion)> RelistAsync<TList, T>(
        ListCall<TList> list, ListWatchOptions options, CancellationToken cancellationToken)
        where TList : class, IMetadata<V1ListMeta>, IItems<T>
    {
        var items = new List<T>();
        var request = new ListRequest { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector, Limit = options.PageSize };
        while (true)
        {
            var page = await list(request, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Items ?? []);
            if (string.IsNullOrEmpty(page.Metadata?.ContinueProperty))
            {
                return (items, page.Metadata?.ResourceVersion ?? "");
            }

            request = request with { Continue = page.Metadata.ContinueProperty };
        }
    }

    /// <summary>What the official watcher reports through onError (a Status event it met, an unreadable line) as Kiln's exceptions.</summary>
    private static Exception Translate(Exception e) => e switch
    {
        KubernetesException => e,
        global::k8s.KubernetesException { Status: { } status } =>
            KubernetesApiException.Create((HttpStatusCode)(status.Code ?? 500), status, status.Message, new KubernetesRequestInfo("watch", "", "", null, null, null)),
        _ => new KubernetesException($"The watch sent an event that cannot be read: {e.Message}", e),
    };
}
