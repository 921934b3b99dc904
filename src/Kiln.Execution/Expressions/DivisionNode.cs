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
        var zero = new bool[batch.RowCount];
        var validity = ValidityBitmap.And(l.Validity, r.Validity);
        return Type.Id switch
        {
            TypeId.Float64 => Doubles((PrimitiveVector<double>)l, (PrimitiveVector<double>)r, zero, validity),
            TypeId.Int32 => Ints((PrimitiveVector<int>)l, (PrimitiveVector<int>)r, zero, validity),
            _ => Longs((PrimitiveVector<long>)l, (PrimitiveVector<long>)r, zero, validity),
        };
    }

    private PrimitiveVector<double> Doubles(PrimitiveVector<double> l, PrimitiveVector<double> r, bool[] zero, ValidityBitmap? validity)
    {
        var a = l.Values;
        var b = r.Values;
        var result = new double[zero.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = modulo ? a[i] % d : a[i] / d;
        }

        return new PrimitiveVector<double>(Type, result, Bits.ClearWhere(validity, zero));
    }

    private PrimitiveVector<int> Ints(PrimitiveVector<int> l, PrimitiveVector<int> r, bool[] zero, ValidityBitmap? validity)
    {
        var a = l.Values;
        var b = r.Values;
        var result = new int[zero.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = d is 0 or -1 ? 0 : a[i] % d;
        }

        return new PrimitiveVector<int>(Type, result, Bits.ClearWhere(validity, zero));
    }

    private PrimitiveVector<long> Longs(PrimitiveVector<long> l, PrimitiveVector<long> r, bool[] zero, ValidityBitmap? validity)
    {
        var a = l.Values;
        var b = r.Values;
        var result = new long[zero.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var d = b[i];
            zero[i] = d == 0;
            result[i] = d is 0 or -1 ? 0 : a[i] % d;
        }

        return new PrimitiveVector<long>(Type, result, Bits.ClearWhere(validity, zero));
    }
}
