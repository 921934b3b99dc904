using System.Numerics;
using System.Runtime.InteropServices;
using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// AND / OR with three-valued logic. Values combine bytewise; validity combines wordwise: a row is known when both
/// sides are known or one side alone decides it (FALSE for AND, TRUE for OR). When the left side alone decides
/// every row, the right side is not evaluated.
/// </summary>
internal sealed class LogicalNode(IPhysicalExpr left, IPhysicalExpr right, bool isAnd) : IPhysicalExpr
{
    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = (PrimitiveVector<bool>)left.Evaluate(batch);
        if (DecidesAll(a))
        {
            return a;
        }

        var b = (PrimitiveVector<bool>)right.Evaluate(batch);
        var n = batch.RowCount;
        var result = new bool[n];
        Combine(a.Values, b.Values, result);
        if (a.Validity is null && b.Validity is null)
        {
            return VectorFactory.Bools(result, null);
        }

        var words = new ulong[ValidityBitmap.WordCount(n)];
        for (var w = 0; w < words.Length; w++)
        {
            var start = w << 6;
            var len = Math.Min(64, n - start);
            var va = Bits.Word(a.Validity, w);
            var vb = Bits.Word(b.Validity, w);
            var xa = Bits.Pack(a.Values.Slice(start, len));
            var xb = Bits.Pack(b.Values.Slice(start, len));
            words[w] = isAnd
                ? (va & vb) | (va & ~xa) | (vb & ~xb)
                : (va & vb) | (va & xa) | (vb & xb);
        }

        return VectorFactory.Bools(result, ValidityBitmap.FromWords(words, n));
    }

    private bool DecidesAll(PrimitiveVector<bool> a)
    {
        if (a.Validity is not null)
        {
            return false;
        }

        var deciding = !isAnd;
        return a.Values.IndexOf(!deciding) < 0;
    }

    private void Combine(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, Span<bool> result)
    {
        var x = MemoryMarshal.AsBytes(a);
        var y = MemoryMarshal.AsBytes(b);
        var r = MemoryMarshal.AsBytes(result);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vx = MemoryMarshal.Cast<byte, Vector<byte>>(x);
            var vy = MemoryMarshal.Cast<byte, Vector<byte>>(y);
            var vr = MemoryMarshal.Cast<byte, Vector<byte>>(r);
            for (var k = 0; k < vr.Length; k++)
            {
                vr[k] = isAnd ? vx[k] & vy[k] : vx[k] | vy[k];
            }

            i = vr.Length * Vector<byte>.Count;
        }

        for (; i < r.Length; i++)
        {
            r[i] = (byte)(isAnd ? x[i] & y[i] : x[i] | y[i]);
        }
    }
}
