using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Expressions;

/// <summary>
/// CASE WHEN: each row takes the first branch whose condition is TRUE (NULL is not true), else the ELSE value,
/// else NULL. Conditions are evaluated in order only while undecided rows remain, and a branch value only when
/// some row chose it.
/// </summary>
internal sealed class CaseNode(IPhysicalExpr[] conditions, IPhysicalExpr[] values, IPhysicalExpr? otherwise, DataType type) : IPhysicalExpr
{
    public DataType Type => type;

    public ColumnVector Evaluate(RecordBatch batch)
    {
        var n = batch.RowCount;
        var choice = new int[n];
        Array.Fill(choice, -1);
        var chosen = new bool[values.Length + 1];
        var undecided = n;
        for (var k = 0; k < conditions.Length && undecided > 0; k++)
        {
            var c = (PrimitiveVector<bool>)conditions[k].Evaluate(batch);
            var cv = c.Values;
            for (var i = 0; i < n; i++)
            {
                if (choice[i] < 0 && cv[i] && !c.IsNull(i))
                {
                    choice[i] = k;
                    chosen[k] = true;
                    undecided--;
                }
            }
        }

        var sources = new ColumnVector?[values.Length + 1];
        if (otherwise is not null && undecided > 0)
        {
            var elseIndex = values.Length;
            for (var i = 0; i < n; i++)
            {
                if (choice[i] < 0)
                {
                    choice[i] = elseIndex;
                }
            }

            chosen[elseIndex] = true;
            sources[elseIndex] = otherwise.Evaluate(batch);
        }

        for (var k = 0; k < values.Length; k++)
        {
            if (chosen[k])
            {
                sources[k] = values[k].Evaluate(batch);
            }
        }

        return RowSelector.Select(type, sources, choice, n);
    }
}
