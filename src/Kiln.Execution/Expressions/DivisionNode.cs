using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// Double division and modulo of int, bigint and double. A zero divisor yields NULL (Spark, non-ANSI); the
/// remainder takes the dividend's sign and <c>MIN % -1</c> is 0, as in Java.
/// </summary>
internal sealed class DivisionNode(IPhysicalExpr left, IPhysicalExpr right, bool modulo) : IPhysicalExpr
{
    public DataType Type => left.Type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var l = left.Evaluate(batch);
        var r = right.Evaluate(batch);
        var n = batch.RowCount;
        var zero = new bool[n];
        ColumnVector result = Type.Id switch
        {
            TypeId.Float64 => Doubles(((PrimitiveVector<double>)l).Values, ((PrimitiveVector<double>)r).Values, zero),
            TypeId.Int32 => Ints(((PrimitiveVector<int>)l).Values, ((PrimitiveVector<int>)r).Values, zero),
            _ => Longs(((PrimitiveVector<long>)l).Values, ((PrimitiveVector<long>)r).Values, zero),
        };
        return Rebuild(result, Bits.ClearWhere(ValidityBitmap.And(l.Validity, r.Validity), zero));
    }

    private ColumnVector Rebuild(ColumnVector v, ValidityBitmap? validity) => v switch
    {
        PrimitiveVector<double> d => new PrimitiveVector<double>(Type, d.RawValues, validity),
        PrimitiveVector<int> i => new PrimitiveVector<int>(Type, i.RawValues, validity),
        PrimitiveVector<long> g => new PrimitiveVector<long>(Type, g.RawValues, validity),
        _ => v,
    };

    private PrimitiveVector<double> Doubles(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool[] zero)
    {
        var result = new double[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = modulo ? a[i] % d : a[i] / d;
        }

        return new PrimitiveVector<double>(Type, result);
    }

    private PrimitiveVector<int> Ints(ReadOnlySpan<int> a, ReadOnlySpan<int> b, bool[] zero)
    {
        var result = new int[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = d is 0 or -1 ? 0 : a[i] % d;
        }

        return new PrimitiveVector<int>(Type, result);
    }

    private PrimitiveVector<long> Longs(ReadOnlySpan<long> a, ReadOnlySpan<long> b, bool[] zero)
    {
        var result = new long[a.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = d is 0 or -1 ? 0 : a[i] % d;
        }

        return new PrimitiveVector<long>(Type, result);
    }
}
