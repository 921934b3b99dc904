using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>Computes one output column per bound expression, batch by batch.</summary>
public sealed class ProjectExec : ExecNode
{
    public ProjectExec(IReadOnlyList<Expr> expressions, Schema schema, ExecNode child)
    {
        Expressions = expressions;
        Schema = schema;
        Child = child;
    }

    public IReadOnlyList<Expr> Expressions { get; }

    public ExecNode Child { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Child];

    public override int PartitionCount => Child.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        var compiled = Expressions.Select(ExpressionEvaluator.Compile).ToArray();
        foreach (var batch in Child.Execute(partition, context))
        {
            var columns = new Common.Vectors.ColumnVector[compiled.Length];
            for (var i = 0; i < compiled.Length; i++)
            {
                columns[i] = compiled[i].Evaluate(batch);
            }

            yield return new RecordBatch(Schema, columns, batch.RowCount);
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new ProjectExec(Expressions, Schema, children[0]);

    public override string Describe() => $"Project [{string.Join(", ", Expressions.Select((e, i) => e is BoundRef b && b.Name == Schema[i].Name ? e.ToString() : $"{e} AS {Schema[i].Name}"))}]";

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteList(Expressions, writer.Write);
        writer.Write(Schema);
    }

    public static ProjectExec Read(PlanReader reader, ExecNode child)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var exprs = reader.ReadList(reader.ReadExpr);
        return new ProjectExec(exprs, reader.ReadSchema(), child);
    }
}
