using System.Globalization;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln;

/// <summary>
/// One result row, as returned by <see cref="DataFrame.Collect"/> and <see cref="DataFrame.Take"/>. Values are CLR
/// objects: bool, int, long, double, decimal, string, DateOnly (date), DateTime (timestamp, UTC), or null.
/// </summary>
public sealed class Row : IEquatable<Row>
{
    private readonly object?[] _values;

    public Row(Schema schema, object?[] values)
    {
        Schema = schema;
        _values = values;
    }

    public Schema Schema { get; }

    public int Length => _values.Length;

    public IReadOnlyList<object?> Values => _values;

    public object? this[int index] => _values[index];

    public object? this[string name] => _values[IndexOf(name)];

    public T Get<T>(int index) => (T)_values[index]!;

    public T Get<T>(string name) => (T)_values[IndexOf(name)]!;

    public bool IsNullAt(int index) => _values[index] is null;

    private int IndexOf(string name)
    {
        var i = Schema.IndexOf(name);
        return i >= 0 ? i : throw new ArgumentException($"row has no field '{name}' (fields: {string.Join(", ", Schema.Names)})", nameof(name));
    }

    public bool Equals(Row? other) => other is not null && _values.SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as Row);

    public override int GetHashCode() => _values.Aggregate(17, (h, v) => (h * 31) + (v?.GetHashCode() ?? 0));

    public override string ToString() =>
        "[" + string.Join(",", _values.Select((v, i) => v is null ? "null" : ScalarValues.Format(v, Schema[i].Type))) + "]";

    internal static string Format(object? value, DataType type) =>
        value is null ? "NULL" : Convert.ToString(ScalarValues.Format(value, type), CultureInfo.InvariantCulture) ?? "";
}
