namespace Kiln.Kubernetes.Watch;

/// <summary>
/// One watch connection through the official client (a list call with watch=true), e.g.
/// <c>(r, onError, ct) =&gt; client.CoreV1.WatchListNamespacedPodAsync(ns, allowWatchBookmarks: r.AllowWatchBookmarks,
/// fieldSelector: r.FieldSelector, labelSelector: r.LabelSelector, resourceVersion: r.ResourceVersion,
/// timeoutSeconds: r.TimeoutSeconds, onError: onError, cancellationToken: ct)</c>. Pass <paramref name="onError"/> on:
/// the helper uses it to turn events it cannot read into exceptions.
/// </summary>
public delegate IAsyncEnumerable<(k8s.WatchEventType Type, T Object)> WatchCall<T>(
    ListRequest request, Action<Exception> onError, CancellationToken cancellationToken);
