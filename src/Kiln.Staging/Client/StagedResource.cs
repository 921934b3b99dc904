namespace Kiln.Staging.Client;

/// <summary>
/// A bundle on a staging server: where it is, its id and the secret that reads or deletes it. Its text form
/// (<see cref="ToString"/>) leaves the secret out, so it can be logged.
/// </summary>
public sealed record StagedResource(Uri ServerUri, string ResourceId, string ResourceSecret)
{
    public override string ToString() => $"{ServerUri} resource {ResourceId}";
}
