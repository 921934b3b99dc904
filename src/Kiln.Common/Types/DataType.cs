using System.Globalization;

namespace Kiln.Common.Types;

/// <summary>
/// A column's logical type. Physical layouts: Boolean as <c>bool[]</c>; Int32 and Date (days since 1970-01-01) as
/// <c>int[]</c>; Int64 and Timestamp (microseconds since the Unix epoch, UTC) as <c>long[]</c>; Float64 as
/// <c>double[]</c>; Decimal(p,s) as <c>Int128[]</c> unscaled values (p up to 38); String as UTF-8 bytes plus offsets.
/// </summary>
public sealed record DataType
{
    public const int MaxDecimalPrecision = 38;

    private DataType(TypeId id, int precision, int scale)
    {
        Id = id;
        Precision = precision;
        Scale = scale;
    }

    public TypeId Id { get; }

    /// <summary>Total digits, for decimals only.</summary>
    public int Precision { get; }

    /// <summary>Digits after the point, for decimals only.</summary>
    public int Scale { get; }

    public static DataType Null { get; } = new(TypeId.Null, 0, 0);
    public static DataType Boolean { get; } = new(TypeId.Boolean, 0, 0);
    public static DataType Int32 { get; } = new(TypeId.Int32, 0, 0);
    public static DataType Int64 { get; } = new(TypeId.Int64, 0, 0);
    public static DataType Float64 { get; } = new(TypeId.Float64, 0, 0);
    public static DataType String { get; } = new(TypeId.String, 0, 0);
    public static DataType Date { get; } = new(TypeId.Date, 0, 0);
    public static DataType Timestamp { get; } = new(TypeId.Timestamp, 0, 0);

    public static DataType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > MaxDecimalPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"decimal precision must be between 1 and {MaxDecimalPrecision}");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"decimal scale must be between 0 and the precision ({precision})");
        }

        return new DataType(TypeId.Decimal, precision, scale);
    }

    public static DataType FromId(TypeId id, int precision = 0, int scale = 0) => id switch
    {
        TypeId.Null => Null,
        TypeId.Boolean => Boolean,
        TypeId.Int32 => Int32,
        TypeId.Int64 => Int64,
        TypeId.Float64 => Float64,
        TypeId.Decimal => Decimal(precision, scale),
        TypeId.String => String,
        TypeId.Date => Date,
        TypeId.Timestamp => Timestamp,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown type id"),
    };

    public bool IsNumeric => Id is TypeId.Int32 or TypeId.Int64 or TypeId.Float64 or TypeId.Decimal;

    public bool IsIntegral => Id is TypeId.Int32 or TypeId.Int64;

    /// <summary>The SQL spelling, as used in schemas, CAST and error messages: <c>int</c>, <c>decimal(15,2)</c>.</summary>
    public override string ToString() => Id switch
    {
        TypeId.Null => "void",
        TypeId.Boolean => "boolean",
        TypeId.Int32 => "int",
        TypeId.Int64 => "bigint",
        TypeId.Float64 => "double",
        TypeId.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})"),
        TypeId.String => "string",
        TypeId.Date => "date",
        TypeId.Timestamp => "timestamp",
        _ => Id.ToString(),
    };

    /// <summary>Parses a SQL type name (case-insensitive): int/integer, bigint/long, double/float, decimal(p,s), string/varchar, date, timestamp, boolean.</summary>
    public static bool TryParse(string text, out DataType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        type = Null;
        switch (t)
        {
            case "int" or "integer" or "int32":
                type = Int32;
                return true;
            case "bigint" or "long" or "int64":
                type = Int64;
                return true;
            case "double" or "float" or "float64" or "real":
                type = Float64;
                return true;
            case "string" or "varchar" or "text":
                type = String;
                return true;
            case "date":
                type = Date;
                return true;
            case "timestamp":
                type = Timestamp;
                return true;
            case "boolean" or "bool":
                type = Boolean;
                return true;
            case "decimal" or "numeric":
                type = Decimal(10, 0);
                return true;
        }

        if (t.StartsWith("varchar(", StringComparison.Ordinal) || t.StartsWith("char(", StringComparison.Ordinal))
        {
            type = String;
            return t.EndsWith(')');
        }

        foreach (var prefix in new[] { "decimal(", "numeric(" })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal) && t.EndsWith(')'))
            {
                var parts = t[prefix.Length..^1].Split(',');
                if (parts.Length is 1 or 2
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                    && p is >= 1 and <= MaxDecimalPrecision)
                {
                    var s = 0;
                    if (parts.Length == 2 && (!int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out s) || s > p))
                    {
                        return false;
                    }

                    type = Decimal(p, s);
                    return true;
                }

                return false;
            }
        }

        return false;
    }

    public static DataType Parse(string text) =>
        TryParse(text, out var type)
            ? type
            : throw new FormatException($"'{text}' is not a known type; use one of boolean, int, bigint, double, decimal(p,s), string, date, timestamp");
}
