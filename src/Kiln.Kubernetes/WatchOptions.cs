namespace Kiln.Kubernetes;

/// <summary>Options of a watch.</summary>
public sealed record WatchOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Watch changes after this version. For ListAndWatch, null means "list first".</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask the server for BOOKMARK events, so reconnects resume from a recent version.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>The server closes each watch connection after this long; ListAndWatch then reconnects.</summary>
    public TimeSpan? ServerTimeout { get; init; }

    /// <summary>Consecutive failed reconnects after which ListAndWatch gives up and throws.</summary>
    public int MaxConsecutiveFailures { get; init; } = 10;

    /// <summary>Called (with the resourceVersion it resumes from) each time ListAndWatch opens a new connection after the first.</summary>
    public Action<string>? Reconnecting { get; init; }
}
