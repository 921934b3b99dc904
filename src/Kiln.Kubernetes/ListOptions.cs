namespace Kiln.Kubernetes;

/// <summary>Options of a list request: selectors, page size and the continue token of the page to fetch.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Maximum items per page; the response then carries a continue token if there are more.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    public string? ResourceVersion { get; init; }
}
