namespace Kiln.Kubernetes.Watch;

/// <summary>Options of <see cref="KubernetesListWatch.ListAndWatchAsync{T, TList}"/>.</summary>
public sealed record ListWatchOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Start watching after this version instead of listing first (no initial Relisted event).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask the server for BOOKMARK events, so reconnects resume from a recent version.</summary>
    public bool AllowBookmarks { get; init; } = true;

    /// <summary>The server closes each watch connection after this long, and the helper reconnects. Null: the server's default.</summary>
    public TimeSpan? ServerTimeout { get; init; }

    /// <summary>List everything again this often (a Relisted event), whatever the watch said. Null: never.</summary>
    public TimeSpan? ResyncInterval { get; init; }

    /// <summary>Page size of the lists.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Consecutive failed connections after which the helper gives up and throws.</summary>
    public int MaxConsecutiveFailures { get; init; } = 10;

    /// <summary>First delay after a failed connection; doubled for each further failure (with jitter), up to 30 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Called with the resourceVersion the helper resumes from each time it opens a connection after the first.</summary>
    public Action<string>? Reconnecting { get; init; }

    /// <summary>The clock of resyncs and failure backoff (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
