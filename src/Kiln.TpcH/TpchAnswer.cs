using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.TpcH;

/// <summary>
/// One query's expected result as bench/tpch-duckdb.mjs writes it (<c>qNN.json</c>): DuckDB's column names and types
/// and every value as exact text (decimals and dates as DuckDB formats them, doubles in shortest round-trip form),
/// or the error DuckDB raised.
/// </summary>
public sealed record TpchAnswer(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("columns")] IReadOnlyList<string>? Columns,
    [property: JsonPropertyName("types")] IReadOnlyList<string>? Types,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string?>>? Rows,
    [property: JsonPropertyName("error")] string? Error)
{
    public static TpchAnswer Load(string path) =>
        JsonSerializer.Deserialize<TpchAnswer>(File.ReadAllText(path)) ?? throw new InvalidDataException($"empty answer file {path}");
}
