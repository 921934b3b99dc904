using Kiln.Common.Types;
using Kiln.Execution.Operators;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;

namespace Kiln.Execution.Planning;

/// <summary>
/// Chooses the join strategy: equality keys → broadcast hash join when the build side's input is under
/// <c>kiln.sql.autoBroadcastJoinThreshold</c> (inner joins build on the smaller side), else a shuffled hash join
/// with both sides hash-partitioned on the keys; no equality keys → broadcast nested-loop join. Right outer joins
/// are planned as left outer joins with the sides swapped, then the columns are put back in order.
/// <para>
/// An anti join whose whole condition is <c>(a = b) OR ((a = b) IS NULL)</c> (an uncorrelated NOT IN, as
/// <c>RewriteSubqueries</c> writes it) becomes a broadcast null-aware anti hash join on a and b instead of a
/// nested loop. With other conditions, equalities among them are hash keys and the NOT IN comparison is checked
/// on each key match.
/// </para>
/// </summary>
internal sealed class JoinPlanner
{
    private readonly PhysicalPlanner _planner;

    public JoinPlanner(PhysicalPlanner planner) => _planner = planner;

    public ExecNode Plan(Join join)
    {
        if (join.Type == JoinType.RightOuter)
        {
            return Swapped(join with { Left = join.Right, Right = join.Left, Type = JoinType.LeftOuter }, join);
        }

        var (leftKeys, rightKeys, rest) = SplitKeys(join);
        var nullAware = false;
        if (leftKeys.Count == 0 && NullAwareKeys(join) is { } notIn)
        {
            (leftKeys, rightKeys, rest, nullAware) = ([notIn.Left], [notIn.Right], [], true);
        }

        if (leftKeys.Count == 0)
        {
            return PlanNestedLoop(join);
        }

        if (join.Type == JoinType.Inner && ShouldBroadcast(join.Left) && !ShouldBroadcast(join.Right))
        {
            return Swapped(join with { Left = join.Right, Right = join.Left }, join);
        }

        var left = _planner.Plan(join.Left);
        var right = _planner.Plan(join.Right);
        var (leftNode, leftOrdinals, leftExtra) = PhysicalPlanner.WithKeyColumns(left, join.Left.Output, leftKeys);
        var (rightNode, rightOrdinals, rightExtra) = PhysicalPlanner.WithKeyColumns(right, join.Right.Output, rightKeys);
        var leftAttrs = Extended(join.Left.Output, leftNode.Schema);
        var rightAttrs = Extended(join.Right.Output, rightNode.Schema);
        var condition = Predicates.Combine(rest) is { } c ? ExprBinder.Bind(c, [.. leftAttrs, .. rightAttrs]) : null;
        var semi = join.Type is JoinType.LeftSemi or JoinType.LeftAnti;
        var existence = join.Type == JoinType.Existence;
        var joinedSchema = semi ? leftNode.Schema
            : existence ? new Schema([.. leftNode.Schema.Fields, MarkField(join)])
            : new Schema(leftNode.Schema.Fields.Concat(rightNode.Schema.Fields).Select((f, i) =>
                f with { Nullable = f.Nullable || (join.Type == JoinType.FullOuter) || (join.Type == JoinType.LeftOuter && i >= leftNode.Schema.Count) }));

        ExecNode joined;
        if (nullAware || (join.Type != JoinType.FullOuter && ShouldBroadcast(join.Right)))
        {
            joined = new HashJoinExec(join.Type, leftOrdinals, rightOrdinals, condition, true, joinedSchema, leftNode, new ShuffleExchangeExec(new SinglePartitioning(), rightNode), nullAware);
        }
        else
        {
            var n = _planner.ShufflePartitions;
            var leftExchange = new ShuffleExchangeExec(new HashPartitioning(Keys(leftNode.Schema, leftOrdinals), n), leftNode);
            var rightExchange = new ShuffleExchangeExec(new HashPartitioning(Keys(rightNode.Schema, rightOrdinals), n), rightNode);
            joined = new HashJoinExec(join.Type, leftOrdinals, rightOrdinals, condition, false, joinedSchema, leftExchange, rightExchange);
        }

        if (leftExtra == 0 && (rightExtra == 0 || semi || existence))
        {
            return joined;
        }

        // Drop the computed key columns: left keys sit after the left columns, right keys at the very end.
        var keep = Enumerable.Range(0, join.Left.Output.Count)
            .Concat(semi ? [] : existence ? [leftNode.Schema.Count] : Enumerable.Range(leftNode.Schema.Count, join.Right.Output.Count))
            .ToArray();
        var exprs = keep.Select(i => (Expr)new BoundRef(i, joined.Schema[i].Type, joined.Schema[i].Nullable, joined.Schema[i].Name)).ToArray();
        return new ProjectExec(exprs, ExprBinder.SchemaOf(join.Output), joined);
    }

    private static Field MarkField(Join join) => new(join.Mark!.Name, Common.Types.DataType.Boolean, false);

    private ExecNode Swapped(Join swapped, Join original)
    {
        var node = Plan(swapped);
        var output = swapped.Output;
        var exprs = original.Output.Select(a =>
        {
            var i = output.ToList().FindIndex(o => o.Id == a.Id);
            return (Expr)new BoundRef(i, node.Schema[i].Type, node.Schema[i].Nullable, node.Schema[i].Name);
        }).ToArray();
        return new ProjectExec(exprs, ExprBinder.SchemaOf(original.Output), node);
    }

    private ExecNode PlanNestedLoop(Join join)
    {
        if (join.Type == JoinType.FullOuter)
        {
            throw PhysicalPlanner.Unsupported($"a FULL OUTER JOIN needs at least one equality between the two sides (condition: {join.Condition})");
        }

        var left = _planner.Plan(join.Left);
        var right = new ShuffleExchangeExec(new SinglePartitioning(), _planner.Plan(join.Right));
        var condition = join.Condition is null ? null : ExprBinder.Bind(join.Condition, [.. join.Left.Output, .. join.Right.Output]);
        return new NestedLoopJoinExec(join.Type, condition, ExprBinder.SchemaOf(join.Output), left, right);
    }

    private bool ShouldBroadcast(LogicalPlan side) =>
        _planner.BroadcastThreshold >= 0 && PhysicalPlanner.EstimateBytes(side) is { } bytes && bytes <= _planner.BroadcastThreshold;

    private static (List<Expr> Left, List<Expr> Right, List<Expr> Others) SplitKeys(Join join)
    {
        var left = new List<Expr>();
        var right = new List<Expr>();
        var rest = new List<Expr>();
        if (join.Condition is null)
        {
            return (left, right, rest);
        }

        foreach (var c in Predicates.SplitConjuncts(join.Condition))
        {
            if (c is BinaryExpr { Op: BinaryOp.Equal } eq && eq.Left.References().Any() && eq.Right.References().Any())
            {
                if (Predicates.ReadsOnly(eq.Left, join.Left.Output) && Predicates.ReadsOnly(eq.Right, join.Right.Output))
                {
                    left.Add(eq.Left);
                    right.Add(eq.Right);
                    continue;
                }

                if (Predicates.ReadsOnly(eq.Right, join.Left.Output) && Predicates.ReadsOnly(eq.Left, join.Right.Output))
                {
                    left.Add(eq.Right);
                    right.Add(eq.Left);
                    continue;
                }
            }

            rest.Add(c);
        }

        return (left, right, rest);
    }

    /// <summary>The two sides of a left anti join whose only condition is the NOT IN comparison <c>(a = b) OR ((a = b) IS NULL)</c>.</summary>
    private static (Expr Left, Expr Right)? NullAwareKeys(Join join)
    {
        if (join.Type != JoinType.LeftAnti
            || join.Condition is not BinaryExpr { Op: BinaryOp.Or, Left: BinaryExpr { Op: BinaryOp.Equal } eq, Right: UnaryExpr { Op: UnaryOp.IsNull, Child: var checkedEq } }
            || !checkedEq.Equals(eq))
        {
            return null;
        }

        if (Predicates.ReadsOnly(eq.Left, join.Left.Output) && Predicates.ReadsOnly(eq.Right, join.Right.Output) && eq.Left.References().Any() && eq.Right.References().Any())
        {
            return (eq.Left, eq.Right);
        }

        return Predicates.ReadsOnly(eq.Right, join.Left.Output) && Predicates.ReadsOnly(eq.Left, join.Right.Output) && eq.Left.References().Any() && eq.Right.References().Any()
            ? (eq.Right, eq.Left)
            : null;
    }

    private static IReadOnlyList<Expr> Keys(Schema schema, int[] ordinals) =>
        ordinals.Select(o => (Expr)new BoundRef(o, schema[o].Type, true, schema[o].Name)).ToArray();

    private static IReadOnlyList<AttributeRef> Extended(IReadOnlyList<AttributeRef> output, Schema schema) =>
        output.Concat(schema.Fields.Skip(output.Count).Select(f => new AttributeRef(f.Name, ExprIds.Next(), f.Type, true))).ToArray();
}
