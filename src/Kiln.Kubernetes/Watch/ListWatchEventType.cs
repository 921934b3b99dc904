namespace Kiln.Kubernetes.Watch;

/// <summary>What a <see cref="ListWatchEvent{T}"/> reports.</summary>
public enum ListWatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>The server's progress marker: only the object's resourceVersion is set.</summary>
    Bookmark,

    /// <summary>
    /// The helper listed the collection (at the start, after 410 Gone, or at a periodic resync);
    /// <see cref="ListWatchEvent{T}.Items"/> is the complete current state and replaces whatever the consumer knew.
    /// </summary>
    Relisted,
}
