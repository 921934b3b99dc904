using Kiln.Common.Vectors;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Operators.Window;

/// <summary>Builds a window function's result from the rows it picks: index ≥ 0 is a row, <see cref="Null"/> NULL, <see cref="Default"/> the default value.</summary>
public static class ValueGather
{
    public const int Null = -1;

    public const int Default = -2;

    public static ColumnVector Take(ColumnVector source, int[] picks, Literal? fallback)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(picks);
        var rows = source.Length;
        var builder = VectorBuilder.Create(source.Type, rows + 2);
        for (var r = 0; r < rows; r++)
        {
            builder.AppendFrom(source, r);
        }

        if (fallback?.Value is not null)
        {
            var one = new Common.Batches.RecordBatch(new Common.Types.Schema([]), [], 1);
            builder.AppendFrom(Expressions.ExpressionEvaluator.Evaluate(fallback, one), 0);
        }
        else
        {
            builder.AppendNull();
        }

        builder.AppendNull();
        var extended = builder.Build();
        var indices = new int[picks.Length];
        for (var i = 0; i < picks.Length; i++)
        {
            indices[i] = picks[i] switch
            {
                Default => rows,
                < 0 => rows + 1,
                var p => p,
            };
        }

        return extended.Gather(indices);
    }
}
