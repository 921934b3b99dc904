namespace Kiln.Kubernetes.Models;

/// <summary>The type of a watch event. <see cref="Relisted"/> is produced by the client, never by the server.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,

    /// <summary>
    /// The client listed the collection again (at the start, or after the server answered 410 Gone);
    /// <see cref="WatchEvent{T}.Items"/> is the complete current state and replaces whatever the consumer knew.
    /// </summary>
    Relisted,
}
