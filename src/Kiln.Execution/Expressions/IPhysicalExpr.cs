using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// A resolved, bound expression compiled for vectorized evaluation (see <see cref="ExpressionEvaluator.Compile"/>).
/// Evaluating it over a batch yields one vector of <see cref="ColumnVector.Length"/> = <see cref="RecordBatch.RowCount"/>.
/// </summary>
/// <remarks>
/// Compile once per operator, evaluate once per batch. Instances hold no per-batch state and may be evaluated from
/// several threads at once. The returned vector may be one of the input batch's columns (for a bare column
/// reference) or a cached constant vector; vectors are immutable, so callers may keep them.
/// </remarks>
public interface IPhysicalExpr
{
    DataType Type { get; }

    ColumnVector Evaluate(RecordBatch batch);
}
