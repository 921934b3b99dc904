using Kiln.Common.Batches;
using Kiln.Common.Types;
using Kiln.Execution.Expressions;
using Kiln.Execution.Operators.Joins;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Serialization;

namespace Kiln.Execution.Operators;

/// <summary>
/// Joins without equality keys (cross joins and joins on inequalities): every left row is paired with every row of
/// the right side, which is broadcast (read whole by every task), and the optional condition filters the pairs.
/// Supports inner, cross, left outer, left semi, left anti and existence joins.
/// <para>
/// Pairs are evaluated a vector at a time: one right row against a whole left batch when the right side is the
/// smaller (the usual case, e.g. a one-row scalar subquery), otherwise one left row against the whole right side.
/// Semi and anti joins without a condition only ask whether the right side is empty.
/// </para>
/// </summary>
public sealed class NestedLoopJoinExec : ExecNode
{
    public NestedLoopJoinExec(JoinType joinType, Expr? condition, Schema schema, ExecNode left, ExecNode right)
    {
        JoinType = joinType;
        Condition = condition;
        Schema = schema;
        Left = left;
        Right = right;
        JoinedSchema = new Schema(left.Schema.Fields.Concat(right.Schema.Fields));
    }

    public JoinType JoinType { get; }

    public Expr? Condition { get; }

    public ExecNode Left { get; }

    public ExecNode Right { get; }

    public Schema JoinedSchema { get; }

    public override Schema Schema { get; }

    public override IReadOnlyList<ExecNode> Children => [Left, Right];

    public override int PartitionCount => Left.PartitionCount;

    protected override IEnumerable<RecordBatch> ExecuteCore(int partition, TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var condition = Condition is null ? null : ExpressionEvaluator.Compile(Condition);
        var rightBatches = Right.Execute(0, context).ToList();
        var right = RecordBatch.Concat(Right.Schema, rightBatches.Count == 0 ? [RecordBatch.Empty(Right.Schema)] : rightBatches);
        var emitsPairs = JoinType is JoinType.Inner or JoinType.Cross or JoinType.LeftOuter;
        foreach (var left in Left.Execute(partition, context))
        {
            var matched = new bool[left.RowCount];
            if (right.RowCount > 0 && left.RowCount > 0)
            {
                if (condition is null && !emitsPairs)
                {
                    Array.Fill(matched, true);
                }
                else
                {
                    foreach (var pairs in MatchingPairs(left, right, condition, matched, context))
                    {
                        if (pairs.RowCount > 0)
                        {
                            yield return pairs;
                        }
                    }
                }
            }

            if (JoinType == JoinType.Existence)
            {
                if (left.RowCount > 0)
                {
                    yield return new RecordBatch(Schema, [.. left.Columns, VectorFactory.Bools(matched, null)], left.RowCount);
                }

                continue;
            }

            var wanted = JoinType switch
            {
                JoinType.LeftSemi => true,
                JoinType.LeftAnti or JoinType.LeftOuter => false,
                _ => (bool?)null,
            };
            if (wanted is { } w)
            {
                var rows = Enumerable.Range(0, left.RowCount).Where(r => matched[r] == w).ToArray();
                if (rows.Length > 0)
                {
                    var kept = left.Gather(rows);
                    yield return JoinType == JoinType.LeftOuter
                        ? new RecordBatch(Schema, kept.Columns.Concat(Right.Schema.Fields.Select(f => NullColumns.Create(f.Type, rows.Length))).ToArray(), rows.Length)
                        : kept.WithSchema(Schema);
                }
            }
        }
    }

    /// <summary>
    /// Marks the left rows that match some right row and, for joins that output pairs, yields the matching pairs of
    /// each evaluated block. Semi and anti joins stop as soon as every left row has matched.
    /// </summary>
    private IEnumerable<RecordBatch> MatchingPairs(RecordBatch left, RecordBatch right, IPhysicalExpr? condition, bool[] matched, TaskContext context)
    {
        var stopEarly = !(JoinType is JoinType.Inner or JoinType.Cross or JoinType.LeftOuter);
        if (right.RowCount <= left.RowCount)
        {
            var remaining = left.RowCount;
            var rightRows = new int[left.RowCount];
            for (var r = 0; r < right.RowCount && !(stopEarly && remaining == 0); r++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                Array.Fill(rightRows, r);
                var pairs = new RecordBatch(JoinedSchema, left.Columns.Concat(right.Gather(rightRows).Columns).ToArray(), left.RowCount);
                var keep = condition is null ? Enumerable.Range(0, left.RowCount).ToArray() : Expressions.Predicate.Select(condition.Evaluate(pairs));
                foreach (var l in keep)
                {
                    remaining -= matched[l] ? 0 : 1;
                    matched[l] = true;
                }

                if (!stopEarly)
                {
                    yield return pairs.Gather(keep).WithSchema(Schema);
                }
            }

            yield break;
        }

        var leftRows = new int[right.RowCount];
        for (var l = 0; l < left.RowCount; l++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Array.Fill(leftRows, l);
            var pairs = new RecordBatch(JoinedSchema, left.Gather(leftRows).Columns.Concat(right.Columns).ToArray(), right.RowCount);
            var keep = condition is null ? Enumerable.Range(0, right.RowCount).ToArray() : Expressions.Predicate.Select(condition.Evaluate(pairs));
            matched[l] = keep.Length > 0;
            if (!stopEarly)
            {
                yield return pairs.Gather(keep).WithSchema(Schema);
            }
        }
    }

    public override ExecNode WithChildren(IReadOnlyList<ExecNode> children) => new NestedLoopJoinExec(JoinType, Condition, Schema, children[0], children[1]);

    public override string Describe() => $"BroadcastNestedLoopJoin {JoinType}" + (Condition is null ? "" : $" condition={Condition}");

    public override void WriteFields(PlanWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write((int)JoinType);
        writer.WriteOptional(Condition);
        writer.Write(Schema);
    }

    public static NestedLoopJoinExec Read(PlanReader reader, ExecNode left, ExecNode right)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = (JoinType)reader.ReadInt();
        var condition = reader.ReadOptionalExpr();
        return new NestedLoopJoinExec(type, condition, reader.ReadSchema(), left, right);
    }
}
