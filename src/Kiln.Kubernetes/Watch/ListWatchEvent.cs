namespace Kiln.Kubernetes.Watch;

/// <summary>One event of <see cref="KubernetesListWatch.ListAndWatchAsync{T, TList}"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object (Added, Modified, Deleted, Bookmark); null for Relisted.</param>
/// <param name="Items">The complete list, only for <see cref="ListWatchEventType.Relisted"/>.</param>
public sealed record ListWatchEvent<T>(ListWatchEventType Type, T? Object, IReadOnlyList<T>? Items = null)
    where T : class;
