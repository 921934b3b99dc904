using System.Globalization;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Plan.Expressions;

/// <summary>
/// A constant. <see cref="Value"/> holds the physical representation of <see cref="DataType"/>: bool, int
/// (Int32 and Date days), long (Int64 and Timestamp micros), double, Int128 (Decimal unscaled), string; null for NULL.
/// </summary>
public sealed record Literal(object? Value, DataType DataType) : Expr
{
    public static Literal Null { get; } = new(null, DataType.Null);

    public static Literal True { get; } = new(true, DataType.Boolean);

    public static Literal False { get; } = new(false, DataType.Boolean);

    public override DataType Type => DataType;

    public override bool Nullable => Value is null;

    public override IReadOnlyList<Expr> Children => None;

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;

    /// <summary>A literal for a CLR value: bool, int, long, double, decimal, string, DateOnly, DateTime, or null.</summary>
    public static Literal Of(object? value) => value switch
    {
        null => Null,
        bool b => new Literal(b, DataType.Boolean),
        int i => new Literal(i, DataType.Int32),
        short s => new Literal((int)s, DataType.Int32),
        byte b8 => new Literal((int)b8, DataType.Int32),
        long l => new Literal(l, DataType.Int64),
        double d => new Literal(d, DataType.Float64),
        float f => new Literal((double)f, DataType.Float64),
        decimal m => OfDecimal(m),
        string s => new Literal(s, DataType.String),
        DateOnly d => new Literal(ScalarValues.ToDays(d), DataType.Date),
        DateTime t => new Literal(ScalarValues.ToMicros(t), DataType.Timestamp),
        Literal l => l,
        _ => throw new ArgumentException($"a literal cannot be made of a {value.GetType().Name}; use bool, int, long, double, decimal, string, DateOnly or DateTime", nameof(value)),
    };

    private static Literal OfDecimal(decimal m)
    {
        var scale = m.Scale;
        var digits = Math.Abs(m).ToString(CultureInfo.InvariantCulture).Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').Length;
        var precision = Math.Max(Math.Max(digits, scale), 1);
        var type = DataType.Decimal(precision, scale);
        ScalarValues.TryDecimalFromClr(m, precision, scale, out var unscaled);
        return new Literal(unscaled, type);
    }

    /// <summary>The CLR value (DateOnly for dates, decimal for decimals, ...).</summary>
    public object? ClrValue => Value switch
    {
        null => null,
        int i when DataType.Id == TypeId.Date => ScalarValues.FromDays(i),
        long l when DataType.Id == TypeId.Timestamp => ScalarValues.FromMicros(l),
        Int128 u => ScalarValues.DecimalToClr(u, DataType.Scale),
        _ => Value,
    };

    public override string ToString() => Value switch
    {
        null => "NULL",
        string s => $"'{s.Replace("'", "''", StringComparison.Ordinal)}'",
        _ when DataType.Id == TypeId.Date => $"DATE '{ScalarValues.Format(ClrValue, DataType)}'",
        _ when DataType.Id == TypeId.Timestamp => $"TIMESTAMP '{ScalarValues.Format(ClrValue, DataType)}'",
        _ => ScalarValues.Format(ClrValue, DataType),
    };
}
