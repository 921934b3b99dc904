using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.TpcH.Tests;

/// <summary>One query's result as DuckDB computed it (bench/tpch-duckdb.mjs): column types and values as exact text.</summary>
internal sealed record DuckDbAnswer(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("columns")] IReadOnlyList<string>? Columns,
    [property: JsonPropertyName("types")] IReadOnlyList<string>? Types,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string?>>? Rows,
    [property: JsonPropertyName("error")] string? Error)
{
    public static DuckDbAnswer Load(string path) =>
        JsonSerializer.Deserialize<DuckDbAnswer>(File.ReadAllText(path)) ?? throw new InvalidDataException($"empty answer file {path}");
}
