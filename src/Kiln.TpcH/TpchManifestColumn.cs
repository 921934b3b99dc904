using System.Text.Json.Serialization;

namespace Kiln.TpcH;

/// <summary>One column in a <see cref="TpchManifestTable"/>, typed for both engines.</summary>
public sealed record TpchManifestColumn(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kilnType")] string KilnType,
    [property: JsonPropertyName("duckdbType")] string DuckDbType);
