namespace Kiln.Scheduler.Events;

/// <summary>The application's configuration and runtime, with secrets already redacted (nothing secret is ever posted).</summary>
/// <param name="Properties">Configuration keys and values, sorted by key, redacted by <c>kiln.redaction.regex</c>.</param>
/// <param name="Runtime">Runtime facts: .NET version, OS, process id, working directory.</param>
public sealed record EnvironmentUpdated(
    DateTimeOffset Time,
    IReadOnlyList<KeyValuePair<string, string>> Properties,
    IReadOnlyList<KeyValuePair<string, string>> Runtime) : ListenerEvent(Time);
