using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiln.Execution.Expressions;

/// <summary>A comparison with a scalar form and a lane-mask form (all ones where true).</summary>
internal interface ICompareOp<T>
    where T : unmanaged
{
    static abstract bool Apply(T a, T b);

    static abstract Vector<T> Mask(Vector<T> a, Vector<T> b);
}

/// <summary>
/// Comparison loops writing <c>bool</c> results. Lane masks of 4- and 8-byte elements are narrowed to bytes, so one
/// store writes <see cref="Vector{T}"/> of bytes worth of results.
/// </summary>
internal static class CompareKernels
{
    public static void Run<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> result)
        where T : unmanaged
        where TOp : ICompareOp<T>
    {
        var n = result.Length;
        var i = 0;
        if (Vectorizable<T>())
        {
            var block = Vector<byte>.Count;
            var bytes = MemoryMarshal.AsBytes(result);
            var w = Vector<T>.Count;
            Span<Vector<T>> masks = stackalloc Vector<T>[8];
            for (; i <= n - block; i += block)
            {
                for (var k = 0; k < block / w; k++)
                {
                    masks[k] = TOp.Mask(new Vector<T>(a.Slice(i + (k * w))), new Vector<T>(b.Slice(i + (k * w))));
                }

                Narrow(masks).CopyTo(bytes.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            result[i] = TOp.Apply(a[i], b[i]);
        }
    }

    public static void RunScalar<T, TOp>(ReadOnlySpan<T> a, T b, Span<bool> result)
        where T : unmanaged
        where TOp : ICompareOp<T>
    {
        var n = result.Length;
        var i = 0;
        if (Vectorizable<T>())
        {
            var block = Vector<byte>.Count;
            var bytes = MemoryMarshal.AsBytes(result);
            var w = Vector<T>.Count;
            var vb = new Vector<T>(b);
            Span<Vector<T>> masks = stackalloc Vector<T>[8];
            for (; i <= n - block; i += block)
            {
                for (var k = 0; k < block / w; k++)
                {
                    masks[k] = TOp.Mask(new Vector<T>(a.Slice(i + (k * w))), vb);
                }

                Narrow(masks).CopyTo(bytes.Slice(i));
            }
        }

        for (; i < n; i++)
        {
            result[i] = TOp.Apply(a[i], b);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Vectorizable<T>()
        where T : unmanaged =>
        Vector.IsHardwareAccelerated && Vector<T>.IsSupported && (Unsafe.SizeOf<T>() == 4 || Unsafe.SizeOf<T>() == 8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<byte> Narrow<T>(Span<Vector<T>> masks)
        where T : unmanaged
    {
        Vector<short> s0, s1;
        if (Unsafe.SizeOf<T>() == 4)
        {
            s0 = Vector.Narrow(Vector.AsVectorInt32(masks[0]), Vector.AsVectorInt32(masks[1]));
            s1 = Vector.Narrow(Vector.AsVectorInt32(masks[2]), Vector.AsVectorInt32(masks[3]));
        }
        else
        {
            s0 = Vector.Narrow(
                Vector.Narrow(Vector.AsVectorInt64(masks[0]), Vector.AsVectorInt64(masks[1])),
                Vector.Narrow(Vector.AsVectorInt64(masks[2]), Vector.AsVectorInt64(masks[3])));
            s1 = Vector.Narrow(
                Vector.Narrow(Vector.AsVectorInt64(masks[4]), Vector.AsVectorInt64(masks[5])),
                Vector.Narrow(Vector.AsVectorInt64(masks[6]), Vector.AsVectorInt64(masks[7])));
        }

        return Vector.AsVectorByte(Vector.Narrow(s0, s1)) & Vector<byte>.One;
    }
}
