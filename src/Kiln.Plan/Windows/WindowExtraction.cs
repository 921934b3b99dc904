using Kiln.Common.Errors;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln.Plan.Windows;

/// <summary>
/// Moves window expressions out of projections and aggregations into <see cref="Window"/> nodes, as Spark's
/// ExtractWindowExpressions does. Windows run after WHERE, GROUP BY and HAVING and before the select list:
/// <code>
/// Project [a, w + 1 AS y]                 Project [a, _w0 + 1 AS y]
///   over child             ──────>          Window [rank() OVER (...) AS _w0]   (one node per PARTITION BY / ORDER BY)
///                                             child
///
/// [Filter having] over Aggregate [a, rank() OVER (ORDER BY sum(b))]
///                          ──────>  Project [a, _w0] / Window [rank() OVER (ORDER BY _a0)] / [Filter having] /
///                                   Aggregate [a, sum(b) AS _a0]
/// </code>
/// Output attributes keep their ids, so the nodes above (ORDER BY, outer queries) are unaffected.
/// </summary>
public static class WindowExtraction
{
    public static bool HasWindows(IEnumerable<Expr> exprs) => exprs.Any(e => e.Descendants().OfType<WindowExpr>().Any());

    /// <summary>Rewrites every projection and aggregation of <paramref name="plan"/> that holds window expressions.</summary>
    public static LogicalPlan Apply(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.TransformDown(node => CheckBare(node) switch
        {
            not (Project or Aggregate or Window) when HasWindows(node.Expressions) => throw Misplaced(node),
            Filter { Child: Aggregate a } f when HasWindows(a.Aggregates) => FromAggregate(a, agg => f with { Child = agg }),
            Aggregate a when HasWindows(a.Aggregates) => FromAggregate(a, agg => agg),
            Project p when HasWindows(p.Projections) => FromProject(p),
            _ => node,
        });
    }

    /// <summary>Refuses window-only functions without OVER (as from the DataFrame API without <c>Over</c>).</summary>
    private static LogicalPlan CheckBare(LogicalPlan node)
    {
        foreach (var e in node.Expressions)
        {
            if (Bare(e) is { } f)
            {
                throw new AnalysisException($"window function {f.Name}() needs a window: add OVER (...) in SQL or .Over(window) in the DataFrame API", f.ToString()) { Position = f.Position };
            }
        }

        return node;

        static WindowFunctionExpr? Bare(Expr e) => e switch
        {
            WindowFunctionExpr f => f,
            WindowExpr w => w.Children.Skip(1).Concat(w.Function.Children).Select(Bare).FirstOrDefault(x => x is not null),
            _ => e.Children.Select(Bare).FirstOrDefault(x => x is not null),
        };
    }

    private static AnalysisException Misplaced(LogicalPlan node)
    {
        var w = node.Expressions.SelectMany(e => e.Descendants()).OfType<WindowExpr>().First();
        var clause = node switch
        {
            Filter => "WHERE or HAVING",
            Join => "a join condition",
            Sort => "ORDER BY (select it and order by its alias)",
            _ => node.Describe(),
        };
        return new AnalysisException($"window functions are not allowed in {clause}, as in '{w}'; compute them in the select list of a subquery", w.ToString()) { Position = w.Position };
    }

    private static LogicalPlan FromProject(Project project)
    {
        var windows = new List<Alias>();
        var items = project.Projections.Select(e => ReplaceWindows(e, windows)).ToArray();
        return new Project(items, Stack(windows, project.Child));
    }

    private static LogicalPlan FromAggregate(Aggregate aggregate, Func<Aggregate, LogicalPlan> between)
    {
        var pushed = new List<Alias>();
        var kept = new List<Expr>();
        var windows = new List<Alias>();
        var items = new List<Expr>();
        foreach (var item in aggregate.Aggregates)
        {
            if (!HasWindows([item]))
            {
                kept.Add(item);
                items.Add(((INamedExpr)item).ToAttribute());
                continue;
            }

            // Inputs of each window come from the aggregate; so do the columns and aggregates around it.
            var inner = item.Transform(e => e is WindowExpr w ? PushInputs(w, pushed) : e);
            var replaced = ReplaceWindows(inner, windows);
            items.Add(PushRemainder(replaced, pushed, windows));
        }

        var below = between(aggregate with { Aggregates = [.. kept, .. pushed] });
        return new Project(items, Stack(windows, below));
    }

    /// <summary>The window with each of its inputs (function arguments, keys) replaced by an aggregate output.</summary>
    private static WindowExpr PushInputs(WindowExpr w, List<Alias> pushed)
    {
        var function = w.Function.WithChildren(w.Function.Children.Select(c => Push(c, pushed)).ToArray());
        var rest = w.Children.Skip(1).Select(c => Push(c, pushed));
        return (WindowExpr)w.WithChildren([function, .. rest]);
    }

    private static Expr Push(Expr e, List<Alias> pushed)
    {
        if (e.IsConstant)
        {
            return e;
        }

        var existing = pushed.FirstOrDefault(p => p.Child.Equals(e));
        var alias = existing ?? new Alias(e, $"_a{pushed.Count}");
        if (existing is null)
        {
            pushed.Add(alias);
        }

        return alias.ToAttribute();
    }

    /// <summary>Columns and aggregates outside the windows of a select item, taken from the aggregate's outputs.</summary>
    private static Expr PushRemainder(Expr item, List<Alias> pushed, List<Alias> windows)
    {
        var windowIds = windows.Select(w => w.Id).ToHashSet();
        var pushedIds = pushed.Select(p => p.Id).ToHashSet();
        return Rewrite(item);

        Expr Rewrite(Expr e) => e switch
        {
            AttributeRef a when windowIds.Contains(a.Id) || pushedIds.Contains(a.Id) => a,
            AttributeRef or AggregateExpr => Push(e, pushed),
            Alias a => a with { Child = Rewrite(a.Child) },
            _ => e.Children.Count == 0 ? e : e.WithChildren(e.Children.Select(Rewrite).ToArray()),
        };
    }

    /// <summary>Replaces each window expression by the attribute of a new alias collected in <paramref name="windows"/>.</summary>
    private static Expr ReplaceWindows(Expr e, List<Alias> windows) => e.Transform(x =>
    {
        if (x is not WindowExpr w)
        {
            return x;
        }

        var existing = windows.FirstOrDefault(a => a.Child.Equals(w));
        var alias = existing ?? new Alias(w, $"_w{windows.Count}");
        if (existing is null)
        {
            windows.Add(alias);
        }

        return alias.ToAttribute();
    });

    /// <summary>One Window node per distinct PARTITION BY and ORDER BY, stacked in order of first use.</summary>
    private static LogicalPlan Stack(List<Alias> windows, LogicalPlan child)
    {
        var plan = child;
        var groups = new List<List<Alias>>();
        foreach (var alias in windows)
        {
            var spec = ((WindowExpr)alias.Child).Spec;
            var group = groups.FirstOrDefault(g => ((WindowExpr)g[0].Child).Spec.SameGrouping(spec));
            if (group is null)
            {
                groups.Add([alias]);
            }
            else
            {
                group.Add(alias);
            }
        }

        foreach (var group in groups)
        {
            plan = new Window(group.Cast<Expr>().ToArray(), ((WindowExpr)group[0].Child).Spec, plan);
        }

        return plan;
    }
}
