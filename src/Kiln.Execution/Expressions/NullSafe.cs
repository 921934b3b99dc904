using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary><c>&lt;=&gt;</c>: equality where NULL equals NULL and never yields NULL.</summary>
internal sealed class NullSafe(IPhysicalExpr equal, IPhysicalExpr left, IPhysicalExpr right) : IPhysicalExpr
{
    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var a = left.Evaluate(batch);
        var b = right.Evaluate(batch);
        var eq = (PrimitiveVector<bool>)equal.Evaluate(batch);
        var result = eq.Values.ToArray();
        Fix(result, a.Validity, b.Validity);
        return VectorFactory.Bools(result, null);
    }

    /// <summary>Rewrites the rows where either side is NULL: true when both are.</summary>
    public static void Fix(Span<bool> result, ValidityBitmap? va, ValidityBitmap? vb)
    {
        if (va is null && vb is null)
        {
            return;
        }

        for (var i = 0; i < result.Length; i++)
        {
            var x = va is null || va.IsValid(i);
            var y = vb is null || vb.IsValid(i);
            if (!(x && y))
            {
                result[i] = !x && !y;
            }
        }
    }
}
