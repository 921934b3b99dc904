using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// <c>+ - *</c> on int, bigint or double with Java semantics (integers wrap). A non-null literal operand is kept
/// as a scalar and broadcast inside the kernel instead of being materialised.
/// </summary>
internal sealed class ArithmeticNode<T, TOp> : IPhysicalExpr
    where T : unmanaged
    where TOp : IVectorOp<T>
{
    private readonly IPhysicalExpr _left;
    private readonly IPhysicalExpr _right;
    private readonly LiteralNode? _leftScalar;
    private readonly LiteralNode? _rightScalar;

    public ArithmeticNode(IPhysicalExpr left, IPhysicalExpr right, DataType type)
    {
        _left = left;
        _right = right;
        Type = type;
        _leftScalar = left as LiteralNode;
        _rightScalar = right as LiteralNode;
        if (_leftScalar is not null && _rightScalar is not null)
        {
            _leftScalar = null;
        }
    }

    public DataType Type { get; }

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var n = batch.RowCount;
        var result = new T[n];
        if (_rightScalar is not null)
        {
            var a = (PrimitiveVector<T>)_left.Evaluate(batch);
            NumericKernels.RunScalarRight<T, TOp>(a.Values, _rightScalar.Get<T>(), result);
            return new PrimitiveVector<T>(Type, result, a.Validity);
        }

        if (_leftScalar is not null)
        {
            var b = (PrimitiveVector<T>)_right.Evaluate(batch);
            NumericKernels.RunScalarLeft<T, TOp>(_leftScalar.Get<T>(), b.Values, result);
            return new PrimitiveVector<T>(Type, result, b.Validity);
        }

        var l = (PrimitiveVector<T>)_left.Evaluate(batch);
        var r = (PrimitiveVector<T>)_right.Evaluate(batch);
        NumericKernels.Run<T, TOp>(l.Values, r.Values, result);
        return new PrimitiveVector<T>(Type, result, ValidityBitmap.And(l.Validity, r.Validity));
    }
}
