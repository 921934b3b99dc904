using System.Text.Json.Serialization;

namespace Kiln.TpcH;

/// <summary>One table in a <see cref="TpchManifest"/>.</summary>
public sealed record TpchManifestTable(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("columns")] IReadOnlyList<TpchManifestColumn> Columns);
