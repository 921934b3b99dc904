using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>A bound column: returns the batch's vector as is.</summary>
internal sealed class ColumnNode(int ordinal, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public int Ordinal => ordinal;

    public ColumnVector Evaluate(RecordBatch batch) => batch.Column(ordinal);
}
