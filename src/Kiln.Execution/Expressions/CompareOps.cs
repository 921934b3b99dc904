using System.Numerics;

namespace Kiln.Execution.Expressions;

internal readonly struct EqualOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a == b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => Vector.Equals(a, b);
}

internal readonly struct NotEqualOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a != b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => ~Vector.Equals(a, b);
}

internal readonly struct LessOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a < b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => Vector.LessThan(a, b);
}

internal readonly struct LessOrEqualOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a <= b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => Vector.LessThanOrEqual(a, b);
}

internal readonly struct GreaterOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a > b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => Vector.GreaterThan(a, b);
}

internal readonly struct GreaterOrEqualOp<T> : ICompareOp<T>
    where T : unmanaged, INumber<T>
{
    public static bool Apply(T a, T b) => a >= b;

    public static Vector<T> Mask(Vector<T> a, Vector<T> b) => Vector.GreaterThanOrEqual(a, b);
}
