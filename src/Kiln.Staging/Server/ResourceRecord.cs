using System.Text.Json.Serialization;

namespace Kiln.Staging.Server;

/// <summary>
/// What the staging server keeps about one bundle, in <c>meta.json</c> beside it: never the secret, only its
/// SHA-256 hash.
/// </summary>
internal sealed record ResourceRecord(
    string Id,
    string SecretHash,
    string? AppId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long Size);

/// <summary>The JSON the server writes: the metadata files and the answer to an upload.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ResourceRecord))]
[JsonSerializable(typeof(UploadAnswer))]
internal sealed partial class StagingJson : JsonSerializerContext
{
}

/// <summary>The body of a 201 answer to an upload (also read by the client).</summary>
internal sealed record UploadAnswer(string ResourceId, string ResourceSecret);
