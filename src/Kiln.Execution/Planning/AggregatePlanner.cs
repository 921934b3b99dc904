using Kiln.Common.Types;
using Kiln.Execution.Operators;
using Kiln.Execution.Operators.Aggregation;
using Kiln.Execution.Physical;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Execution.Planning;

/// <summary>
/// Plans <c>Aggregate</c> as: project keys and arguments → partial hash aggregate → exchange on the keys (one
/// partition for a global aggregate) → final hash aggregate → project the output expressions. DISTINCT
/// aggregates are rewritten before this (see <c>RewriteDistinctAggregates</c>).
/// </summary>
internal sealed class AggregatePlanner
{
    private readonly PhysicalPlanner _planner;

    public AggregatePlanner(PhysicalPlanner planner) => _planner = planner;

    public ExecNode Plan(Aggregate aggregate)
    {
        var child = _planner.Plan(aggregate.Child);
        var input = aggregate.Child.Output;
        var groupings = aggregate.Groupings;
        var calls = aggregate.Aggregates
            .SelectMany(e => e.Descendants().OfType<AggregateExpr>())
            .Distinct()
            .ToList();
        if (calls.Any(c => c.Distinct))
        {
            throw PhysicalPlanner.Unsupported($"DISTINCT aggregates must be rewritten before planning: {string.Join(", ", calls.Where(c => c.Distinct))}");
        }

        // 1. One column per grouping expression, then one per distinct aggregate argument.
        var arguments = calls.Where(c => c.Argument is not null).Select(c => c.Argument!).Distinct().ToList();
        var preExprs = groupings.Concat(arguments).Select(e => ExprBinder.Bind(e, input)).ToArray();
        var preSchema = new Schema(preExprs.Select((e, i) => new Field(i < groupings.Count ? $"_g{i}" : $"_a{i - groupings.Count}", e.Type, e.Nullable)));
        ExecNode pre = new ProjectExec(preExprs, preSchema, child);
        var k = groupings.Count;

        var specs = calls.Select(c => new AggregateSpec(
            c.Function,
            c.Argument is null ? null : k + arguments.IndexOf(c.Argument),
            c.Argument?.Type,
            c.Type)).ToArray();

        // 2. Partial aggregation emits keys + states.
        var states = specs.Select(s => s.CreateState()).ToArray();
        var partialSchema = new Schema(preSchema.Fields.Take(k).Concat(states.SelectMany((s, i) => s.StateTypes.Select((t, j) => new Field($"_s{i}_{j}", t, true)))));
        var keyOrdinals = Enumerable.Range(0, k).ToArray();
        var partial = new HashAggregateExec(AggregateMode.Partial, keyOrdinals, specs, partialSchema, pre);

        // 3. Exchange so that each group lands in one partition.
        Partitioning partitioning = k == 0
            ? new SinglePartitioning()
            : new HashPartitioning(keyOrdinals.Select(i => (Expr)new BoundRef(i, partialSchema[i].Type, true, partialSchema[i].Name)).ToArray(), _planner.ShufflePartitions);
        var exchange = new ShuffleExchangeExec(partitioning, partial);

        // 4. Final aggregation emits keys + results.
        var finalSchema = new Schema(preSchema.Fields.Take(k).Concat(specs.Select((s, i) => new Field($"_r{i}", s.ResultType, true))));
        var final = new HashAggregateExec(AggregateMode.Final, keyOrdinals, specs, finalSchema, exchange);

        // 5. Output expressions over keys and results.
        var outputs = aggregate.Aggregates.Select(e => RewriteOutput(e, groupings, calls, finalSchema)).ToArray();
        return new ProjectExec(outputs, ExprBinder.SchemaOf(aggregate.Output), final);
    }

    private static Expr RewriteOutput(Expr output, IReadOnlyList<Expr> groupings, List<AggregateExpr> calls, Schema finalSchema)
    {
        var k = groupings.Count;
        var body = output is Alias a ? a.Child : output;
        return Replace(body);

        Expr Replace(Expr e)
        {
            if (e is AggregateExpr call)
            {
                var i = calls.IndexOf(call);
                return new BoundRef(k + i, finalSchema[k + i].Type, true, finalSchema[k + i].Name);
            }

            for (var g = 0; g < k; g++)
            {
                if (groupings[g].Equals(e))
                {
                    return new BoundRef(g, finalSchema[g].Type, finalSchema[g].Nullable, finalSchema[g].Name);
                }
            }

            if (e is AttributeRef attr)
            {
                throw new Common.Errors.AnalysisException(
                    $"column '{attr.Name}' must be in the GROUP BY or inside an aggregate function",
                    attr.Name);
            }

            return e.Children.Count == 0 ? e : e.WithChildren(e.Children.Select(Replace).ToArray());
        }
    }
}
