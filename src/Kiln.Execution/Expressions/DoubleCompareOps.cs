using System.Numerics;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Spark's double ordering: NaN equals NaN and is greater than every other value (including +Infinity);
/// -0.0 equals 0.0. It is a total order, so the non-strict comparisons are negations of the strict ones.
/// </summary>
internal static class DoubleOrder
{
    public static bool Equal(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    public static bool Greater(double a, double b) => a > b || (double.IsNaN(a) && !double.IsNaN(b));

    public static Vector<double> EqualMask(Vector<double> a, Vector<double> b) =>
        Vector.Equals<double>(a, b) | (~Vector.Equals<double>(a, a) & ~Vector.Equals<double>(b, b));

    public static Vector<double> GreaterMask(Vector<double> a, Vector<double> b) =>
        Vector.GreaterThan<double>(a, b) | (~Vector.Equals<double>(a, a) & Vector.Equals<double>(b, b));
}

internal readonly struct DoubleEqualOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => DoubleOrder.Equal(a, b);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => DoubleOrder.EqualMask(a, b);
}

internal readonly struct DoubleNotEqualOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => !DoubleOrder.Equal(a, b);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => ~DoubleOrder.EqualMask(a, b);
}

internal readonly struct DoubleLessOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => DoubleOrder.Greater(b, a);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => DoubleOrder.GreaterMask(b, a);
}

internal readonly struct DoubleLessOrEqualOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => !DoubleOrder.Greater(a, b);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => ~DoubleOrder.GreaterMask(a, b);
}

internal readonly struct DoubleGreaterOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => DoubleOrder.Greater(a, b);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => DoubleOrder.GreaterMask(a, b);
}

internal readonly struct DoubleGreaterOrEqualOp : ICompareOp<double>
{
    public static bool Apply(double a, double b) => !DoubleOrder.Greater(b, a);

    public static Vector<double> Mask(Vector<double> a, Vector<double> b) => ~DoubleOrder.GreaterMask(b, a);
}
