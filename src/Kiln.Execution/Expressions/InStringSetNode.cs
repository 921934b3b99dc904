using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary><c>string [NOT] IN (literals)</c>; same three-valued rules as <see cref="InSetNode{T}"/>.</summary>
internal sealed class InStringSetNode(IPhysicalExpr value, Utf8Set items, bool listHasNull, bool negated) : IPhysicalExpr
{
    public DataType Type => DataType.Boolean;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var v = (StringVector)value.Evaluate(batch);
        var n = v.Length;
        var result = new bool[n];
        var unknown = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var found = items.Contains(v.GetBytes(i));
            unknown[i] = !found && listHasNull;
            result[i] = found != negated;
        }

        return VectorFactory.Bools(result, listHasNull ? Bits.ClearWhere(v.Validity, unknown) : v.Validity);
    }
}
