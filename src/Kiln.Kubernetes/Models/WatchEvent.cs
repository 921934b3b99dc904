namespace Kiln.Kubernetes.Models;

/// <summary>One event of a watch stream.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object (for Added, Modified, Deleted, Bookmark); null for Relisted and Error.</param>
/// <param name="Items">The full list, only for <see cref="WatchEventType.Relisted"/>.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, IReadOnlyList<T>? Items = null)
    where T : KubernetesObject;
