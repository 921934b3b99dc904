using Kiln.Common.Types;
using Kiln.Common.Vectors;

namespace Kiln.Execution.Operators.Joins;

/// <summary>All-NULL vectors, for the missing side of outer-join rows.</summary>
public static class NullColumns
{
    public static ColumnVector Create(DataType type, int rows)
    {
        var builder = VectorBuilder.Create(type, rows);
        for (var i = 0; i < rows; i++)
        {
            builder.AppendNull();
        }

        return builder.Build();
    }
}
