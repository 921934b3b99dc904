using System.Numerics;
using System.Runtime.InteropServices;

namespace Kiln.Execution.Expressions;

/// <summary>A binary operation with a scalar form and a <see cref="Vector{T}"/> form that agree lane by lane.</summary>
internal interface IVectorOp<T>
    where T : unmanaged
{
    static abstract T Apply(T a, T b);

    static abstract Vector<T> Apply(Vector<T> a, Vector<T> b);
}

internal readonly struct AddOp<T> : IVectorOp<T>
    where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a + b;

    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a + b;
}

internal readonly struct SubtractOp<T> : IVectorOp<T>
    where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a - b;

    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a - b;
}

internal readonly struct MultiplyOp<T> : IVectorOp<T>
    where T : unmanaged, INumber<T>
{
    public static T Apply(T a, T b) => a * b;

    public static Vector<T> Apply(Vector<T> a, Vector<T> b) => a * b;
}

/// <summary>Element-wise loops: whole <see cref="Vector{T}"/> blocks first, then the scalar tail.</summary>
internal static class NumericKernels
{
    public static void Run<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result)
        where T : unmanaged
        where TOp : IVectorOp<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var va = MemoryMarshal.Cast<T, Vector<T>>(a);
            var vb = MemoryMarshal.Cast<T, Vector<T>>(b);
            var vr = MemoryMarshal.Cast<T, Vector<T>>(result);
            for (var k = 0; k < vr.Length; k++)
            {
                vr[k] = TOp.Apply(va[k], vb[k]);
            }

            i = vr.Length * Vector<T>.Count;
        }

        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a[i], b[i]);
        }
    }

    public static void RunScalarRight<T, TOp>(ReadOnlySpan<T> a, T b, Span<T> result)
        where T : unmanaged
        where TOp : IVectorOp<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var va = MemoryMarshal.Cast<T, Vector<T>>(a);
            var vr = MemoryMarshal.Cast<T, Vector<T>>(result);
            var vb = new Vector<T>(b);
            for (var k = 0; k < vr.Length; k++)
            {
                vr[k] = TOp.Apply(va[k], vb);
            }

            i = vr.Length * Vector<T>.Count;
        }

        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a[i], b);
        }
    }

    public static void RunScalarLeft<T, TOp>(T a, ReadOnlySpan<T> b, Span<T> result)
        where T : unmanaged
        where TOp : IVectorOp<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vb = MemoryMarshal.Cast<T, Vector<T>>(b);
            var vr = MemoryMarshal.Cast<T, Vector<T>>(result);
            var va = new Vector<T>(a);
            for (var k = 0; k < vr.Length; k++)
            {
                vr[k] = TOp.Apply(va, vb[k]);
            }

            i = vr.Length * Vector<T>.Count;
        }

        for (; i < result.Length; i++)
        {
            result[i] = TOp.Apply(a, b[i]);
        }
    }
}
