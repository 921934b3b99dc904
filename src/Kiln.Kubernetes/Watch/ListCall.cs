namespace Kiln.Kubernetes.Watch;

/// <summary>
/// One page of a list through the official client, e.g.
/// <c>(r, ct) =&gt; client.CoreV1.ListNamespacedPodAsync(ns, continueParameter: r.Continue, fieldSelector: r.FieldSelector,
/// labelSelector: r.LabelSelector, limit: r.Limit, cancellationToken: ct)</c>.
/// </summary>
public delegate Task<TList> ListCall<TList>(ListRequest request, CancellationToken cancellationToken);
