using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>coalesce(a, b, ...): the first non-NULL argument per row; later arguments are evaluated only while rows are still NULL.</summary>
internal sealed class CoalesceNode(IPhysicalExpr[] args, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var n = batch.RowCount;
        var first = args[0].Evaluate(batch);
        if (first.Validity is null || args.Length == 1)
        {
            return first;
        }

        var choice = new int[n];
        Array.Fill(choice, -1);
        var sources = new ColumnVector?[args.Length];
        var undecided = n;
        for (var k = 0; k < args.Length && undecided > 0; k++)
        {
            var v = k == 0 ? first : args[k].Evaluate(batch);
            sources[k] = v;
            for (var i = 0; i < n; i++)
            {
                if (choice[i] < 0 && !v.IsNull(i))
                {
                    choice[i] = k;
                    undecided--;
                }
            }
        }

        return RowSelector.Select(type, sources, choice, n);
    }
}
