using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// A vectorized comparison of int, bigint or double operands. The compiler puts a literal operand on the right
/// (flipping the operator), where it is broadcast instead of materialised. With <c>nullSafe</c> it computes
/// <c>&lt;=&gt;</c>: rows with a NULL side are TRUE when both sides are NULL, FALSE otherwise.
/// </summary>
internal sealed class CompareNode<T, TOp>(IPhysicalExpr left, IPhysicalExpr right, bool nullSafe = false) : IPhysicalExpr
    where T : unmanaged
    where TOp : ICompareOp<T>
{
    private readonly LiteralNode? _scalar = right is LiteralNode { IsNull: false } literal ? literal : null;

    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = (PrimitiveVector<T>)left.Evaluate(batch);
        var result = new bool[batch.RowCount];
        if (_scalar is not null)
        {
            CompareKernels.RunScalar<T, TOp>(a.Values, _scalar.Get<T>(), result);
            return Finish(result, a.Validity, null);
        }

        var b = (PrimitiveVector<T>)right.Evaluate(batch);
        CompareKernels.Run<T, TOp>(a.Values, b.Values, result);
        return Finish(result, a.Validity, b.Validity);
    }

    private PrimitiveVector<bool> Finish(bool[] result, ValidityBitmap? va, ValidityBitmap? vb)
    {
        if (nullSafe)
        {
            NullSafe.Fix(result, va, vb);
            return VectorFactory.Bools(result, null);
        }

        return VectorFactory.Bools(result, ValidityBitmap.And(va, vb));
    }
}
