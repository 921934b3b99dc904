using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators;

/// <summary>Turns a boolean predicate result into the indices of the rows that are TRUE (FALSE and NULL rows are dropped).</summary>
public static class SelectionVector
{
    public static int[] TrueRows(ColumnVector predicate)
    {
        var values = ((PrimitiveVector<bool>)predicate).Values;
        var validity = predicate.Validity;
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] && (validity is null || validity.IsValid(i)))
            {
                count++;
            }
        }

        var rows = new int[count];
        var n = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] && (validity is null || validity.IsValid(i)))
            {
                rows[n++] = i;
            }
        }

        return rows;
    }
}
