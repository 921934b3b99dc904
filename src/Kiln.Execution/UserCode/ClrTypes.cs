using Kiln.Common.Types;

namespace Kiln.Execution.UserCode;

/// <summary>
/// How CLR values map to Kiln columns, for UDF arguments and results and for Dataset members:
/// <code>
///   bool → boolean      int, short, byte → int      long → bigint      double, float → double
///   decimal → decimal(38,18)   string → string      DateOnly → date    DateTime → timestamp (UTC)
/// </code>
/// <c>Nullable&lt;T&gt;</c> maps like <c>T</c> and may hold NULL; so may strings.
/// </summary>
public static class ClrTypes
{
    /// <summary>The column type of a CLR decimal when nothing narrower is asked for (as Spark's BigDecimal).</summary>
    public static DataType DefaultDecimal { get; } = DataType.Decimal(38, 18);

    public static string Supported => "bool, int, long, short, byte, double, float, decimal, string, DateOnly, DateTime, or their nullable forms";

    /// <summary>The column type for a scalar CLR type, or null when it is not a scalar Kiln can store.</summary>
    public static DataType? TryMap(Type clr)
    {
        ArgumentNullException.ThrowIfNull(clr);
        var t = Nullable.GetUnderlyingType(clr) ?? clr;
        if (t == typeof(bool))
        {
            return DataType.Boolean;
        }

        if (t == typeof(int) || t == typeof(short) || t == typeof(byte))
        {
            return DataType.Int32;
        }

        if (t == typeof(long))
        {
            return DataType.Int64;
        }

        if (t == typeof(double) || t == typeof(float))
        {
            return DataType.Float64;
        }

        if (t == typeof(decimal))
        {
            return DefaultDecimal;
        }

        if (t == typeof(string))
        {
            return DataType.String;
        }

        if (t == typeof(DateOnly))
        {
            return DataType.Date;
        }

        if (t == typeof(DateTime))
        {
            return DataType.Timestamp;
        }

        return null;
    }

    public static bool IsScalar(Type clr) => TryMap(clr) is not null;

    /// <summary>Whether a value of this type can be null (reference types and <c>Nullable&lt;T&gt;</c>).</summary>
    public static bool CanBeNull(Type clr)
    {
        ArgumentNullException.ThrowIfNull(clr);
        return !clr.IsValueType || Nullable.GetUnderlyingType(clr) is not null;
    }

    /// <summary>A C#-style name for messages: <c>int?</c>, <c>string</c>, <c>Customer</c>.</summary>
    public static string Name(Type clr)
    {
        ArgumentNullException.ThrowIfNull(clr);
        if (Nullable.GetUnderlyingType(clr) is { } u)
        {
            return Name(u) + "?";
        }

        return clr == typeof(int) ? "int"
            : clr == typeof(long) ? "long"
            : clr == typeof(bool) ? "bool"
            : clr == typeof(double) ? "double"
            : clr == typeof(float) ? "float"
            : clr == typeof(decimal) ? "decimal"
            : clr == typeof(string) ? "string"
            : clr == typeof(short) ? "short"
            : clr == typeof(byte) ? "byte"
            : LambdaNames.TypeName(clr);
    }
}
