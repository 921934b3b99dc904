using System.Globalization;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Planning;

/// <summary>Typed values of partition columns, parsed from the raw <c>col=value</c> directory text.</summary>
public static class PartitionValues
{
    /// <summary>The CLR value (as <see cref="ColumnVector.GetValue"/> returns it) of a raw partition value, or null.</summary>
    public static object? Parse(string? raw, DataType type)
    {
        if (raw is null)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        return type.Id switch
        {
            TypeId.Int32 => int.TryParse(raw, NumberStyles.AllowLeadingSign, inv, out var i) ? i : null,
            TypeId.Int64 => long.TryParse(raw, NumberStyles.AllowLeadingSign, inv, out var l) ? l : null,
            TypeId.Float64 => double.TryParse(raw, NumberStyles.Float, inv, out var d) ? d : null,
            TypeId.Date => DateOnly.TryParseExact(raw, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date) ? date : null,
            TypeId.Boolean => bool.TryParse(raw, out var b) ? b : null,
            TypeId.String => raw,
            _ => throw new NotSupportedException($"partition columns of type {type} are not supported; use int, bigint, double, date or string"),
        };
    }

    /// <summary>A vector of <paramref name="count"/> copies of one value.</summary>
    public static ColumnVector Constant(DataType type, object? value, int count)
    {
        var builder = VectorBuilder.Create(type, Math.Max(count, 1));
        for (var i = 0; i < count; i++)
        {
            builder.AppendValue(value);
        }

        return builder.Build();
    }

    /// <summary>A vector holding each value in turn.</summary>
    public static ColumnVector Of(DataType type, IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = VectorBuilder.Create(type);
        foreach (var v in values)
        {
            builder.AppendValue(v);
        }

        return builder.Build();
    }
}
