using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.TpcH;

/// <summary>
/// The <c>_tpch.json</c> file the generator writes next to the tables: generator version, scale factor, and per
/// table its file, row count and column types for Kiln and DuckDB. Readers (the DuckDB runner, the tests, the
/// benchmark) take the schema from here, so both engines read the files with the same types.
/// </summary>
public sealed record TpchManifest(
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("scaleFactor")] double ScaleFactor,
    [property: JsonPropertyName("tables")] IReadOnlyList<TpchManifestTable> Tables)
{
    public const string FileName = "_tpch.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The manifest of a generated directory, or null when there is none (or it cannot be read).</summary>
    public static TpchManifest? TryRead(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TpchManifest>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string directory) => File.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");
}
