using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>CAST(child AS type); see <see cref="CastKernels"/> for the rules.</summary>
internal sealed class CastNode(IPhysicalExpr child, DataType to) : IPhysicalExpr
{
    public DataType Type => to;

    public ColumnVector Evaluate(RecordBatch batch) => CastKernels.Cast(child.Evaluate(batch), to);
}
