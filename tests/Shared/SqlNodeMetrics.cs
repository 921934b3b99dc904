using System.Globalization;
using System.Text.Json;

namespace Kiln.Testing;

/// <summary>Reads the plan nodes of a REST <c>/sql/{id}</c> answer: each node's name and its metrics as numbers.</summary>
public sealed record SqlNodeMetrics(int NodeId, string Name, IReadOnlyDictionary<string, long> Metrics)
{
    public long Rows => Metrics["number of output rows"];

    public static IReadOnlyList<SqlNodeMetrics> Parse(JsonElement execution) =>
        [.. execution.GetProperty("nodes").EnumerateArray().Select(n => new SqlNodeMetrics(
            n.GetProperty("nodeId").GetInt32(),
            n.GetProperty("nodeName").GetString()!,
            n.GetProperty("metrics").EnumerateArray().ToDictionary(
                m => m.GetProperty("name").GetString()!,
                m => (long)double.Parse(m.GetProperty("value").GetString()!.Replace(",", string.Empty, StringComparison.Ordinal).Replace(" ms", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture))))];
}
