using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Analysis;

/// <summary>
/// Spark's implicit type rules: numeric widening (int → bigint → decimal → double), NULL fits anything,
/// dates widen to timestamps, and the result types of decimal arithmetic (precision and scale, capped at 38
/// digits while keeping at least 6 fractional digits).
/// </summary>
public static class TypeCoercion
{
    /// <summary>The decimal type that holds every value of an integral type.</summary>
    public static DataType AsDecimal(DataType t) => t.Id switch
    {
        TypeId.Int32 => DataType.Decimal(10, 0),
        TypeId.Int64 => DataType.Decimal(20, 0),
        _ => t,
    };

    /// <summary>The narrowest type both can be widened to, or null when none exists.</summary>
    public static DataType? CommonType(DataType a, DataType b)
    {
        if (a == b)
        {
            return a;
        }

        if (a.Id == TypeId.Null)
        {
            return b;
        }

        if (b.Id == TypeId.Null)
        {
            return a;
        }

        if (a.IsNumeric && b.IsNumeric)
        {
            if (a.Id == TypeId.Float64 || b.Id == TypeId.Float64)
            {
                return DataType.Float64;
            }

            if (a.Id == TypeId.Decimal || b.Id == TypeId.Decimal)
            {
                var da = AsDecimal(a);
                var db = AsDecimal(b);
                var scale = Math.Max(da.Scale, db.Scale);
                var integral = Math.Max(da.Precision - da.Scale, db.Precision - db.Scale);
                return Bounded(integral + scale, scale);
            }

            return DataType.Int64;
        }

        if ((a.Id, b.Id) is (TypeId.Date, TypeId.Timestamp) or (TypeId.Timestamp, TypeId.Date))
        {
            return DataType.Timestamp;
        }

        return null;
    }

    /// <summary>Like <see cref="CommonType"/>, but anything also widens to string (CASE, COALESCE, UNION, IN lists).</summary>
    public static DataType? CommonTypeOrString(DataType a, DataType b) =>
        CommonType(a, b) ?? (a.Id == TypeId.String || b.Id == TypeId.String ? DataType.String : null);

    /// <summary>The type of comparing <paramref name="a"/> with <paramref name="b"/>: both sides are cast to it.</summary>
    public static DataType? ComparisonType(DataType a, DataType b)
    {
        if (CommonType(a, b) is { } common)
        {
            return common;
        }

        return (a.Id, b.Id) switch
        {
            (TypeId.String, TypeId.Date or TypeId.Timestamp) => b,
            (TypeId.Date or TypeId.Timestamp, TypeId.String) => a,
            (TypeId.String, _) when b.IsNumeric => b.Id == TypeId.Int32 || b.Id == TypeId.Int64 ? DataType.Int64 : b,
            (_, TypeId.String) when a.IsNumeric => a.Id == TypeId.Int32 || a.Id == TypeId.Int64 ? DataType.Int64 : a,
            _ => null,
        };
    }

    /// <summary>The result type of decimal arithmetic on operands of types <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static DataType DecimalResult(BinaryOp op, DataType a, DataType b)
    {
        var (p1, s1) = (a.Precision, a.Scale);
        var (p2, s2) = (b.Precision, b.Scale);
        switch (op)
        {
            case BinaryOp.Add or BinaryOp.Subtract:
                {
                    var s = Math.Max(s1, s2);
                    return Bounded(Math.Max(p1 - s1, p2 - s2) + s + 1, s);
                }

            case BinaryOp.Multiply:
                return Bounded(p1 + p2 + 1, s1 + s2);
            case BinaryOp.Divide:
                {
                    var s = Math.Max(6, s1 + p2 + 1);
                    return Bounded(p1 - s1 + s2 + s, s);
                }

            default:
                {
                    var s = Math.Max(s1, s2);
                    return Bounded(Math.Min(p1 - s1, p2 - s2) + s, s);
                }
        }
    }

    /// <summary>Caps a decimal at 38 digits, giving up fractional digits first but keeping at least 6 (Spark's rule).</summary>
    public static DataType Bounded(int precision, int scale)
    {
        if (precision <= DataType.MaxDecimalPrecision)
        {
            return DataType.Decimal(Math.Max(precision, 1), scale);
        }

        var integral = precision - scale;
        var minScale = Math.Min(scale, 6);
        var adjusted = Math.Max(DataType.MaxDecimalPrecision - integral, minScale);
        return DataType.Decimal(DataType.MaxDecimalPrecision, adjusted);
    }

    public static bool CanCast(DataType from, DataType to)
    {
        if (from == to || from.Id == TypeId.Null || to.Id == TypeId.String || from.Id == TypeId.String)
        {
            return true;
        }

        return (from.Id, to.Id) switch
        {
            _ when from.IsNumeric && to.IsNumeric => true,
            (TypeId.Boolean, _) when to.IsNumeric => true,
            (_, TypeId.Boolean) when from.IsNumeric => true,
            (TypeId.Date, TypeId.Timestamp) or (TypeId.Timestamp, TypeId.Date) => true,
            (TypeId.Timestamp, TypeId.Int64) or (TypeId.Int64, TypeId.Timestamp) => true,
            _ => false,
        };
    }

    /// <summary>Wraps <paramref name="e"/> in a cast to <paramref name="to"/> unless it already has that type; NULL literals are retyped in place.</summary>
    public static Expr CastTo(Expr e, DataType to)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Type == to)
        {
            return e;
        }

        if (e is Literal { Value: null })
        {
            return new Literal(null, to);
        }

        return new CastExpr(e, to);
    }
}
