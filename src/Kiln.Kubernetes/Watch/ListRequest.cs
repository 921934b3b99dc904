namespace Kiln.Kubernetes.Watch;

/// <summary>
/// One list or watch call the helper asks a <see cref="ListCall{TList}"/> or <see cref="WatchCall{T}"/> to make;
/// each field maps to the official client's parameter of the same name.
/// </summary>
public sealed record ListRequest
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Watch: changes after this version. List: null (the latest state).</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>List only: the continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>List only: the page size.</summary>
    public int? Limit { get; init; }

    /// <summary>Watch only: ask for BOOKMARK events.</summary>
    public bool? AllowWatchBookmarks { get; init; }

    /// <summary>Watch only: the server ends the connection after this many seconds.</summary>
    public int? TimeoutSeconds { get; init; }
}
