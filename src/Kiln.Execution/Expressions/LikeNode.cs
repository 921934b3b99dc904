using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary><c>value [NOT] LIKE 'pattern'</c> over a string vector; NULL values give NULL.</summary>
internal sealed class LikeNode(IPhysicalExpr value, LikePattern pattern, bool negated) : IPhysicalExpr
{
    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var v = (StringVector)value.Evaluate(batch);
        var result = new bool[v.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = pattern.Matches(v.GetBytes(i)) != negated;
        }

        return VectorFactory.Bools(result, v.Validity);
    }
}
