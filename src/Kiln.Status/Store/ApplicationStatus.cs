namespace Kiln.Status.Store;

/// <summary>The application as the store knows it: identity, master, start and end.</summary>
public sealed class ApplicationStatus
{
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Master { get; set; } = string.Empty;

    public string User { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public DateTimeOffset StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>The time of the newest event seen.</summary>
    public DateTimeOffset LastUpdated { get; set; }

    public bool Completed => EndTime is not null;
}
