using Kiln.Common.Errors;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Sql.Parsing;

namespace Kiln.Sql.Planning;

/// <summary>
/// Plans a SELECT that groups or aggregates: GROUP BY keys (expressions, ordinals, select aliases), an
/// <see cref="Aggregate"/> whose outputs are the select list, HAVING as a Filter over those outputs and
/// ORDER BY keys. Aggregates and grouping keys used by HAVING or ORDER BY but not selected become hidden
/// outputs, projected away at the end. Select items holding a subquery are computed over the aggregate's outputs
/// in a projection above it (their subqueries may read grouping columns):
/// <code>
/// Project [visible]            (only when hidden outputs exist)
/// +- Sort [keys]
///    +- Project [items with subqueries, ...]   (only when there are such items)
///       +- Filter having
///          +- Aggregate [groupings], [visible, hidden]
/// </code>
/// </summary>
internal sealed class AggregationPlanner
{
    private readonly QueryPlanner _planner;
    private readonly SelectAst _select;
    private readonly IReadOnlyList<OrderItemAst> _orderBy;
    private readonly LogicalPlan _child;
    private readonly IReadOnlyList<AttributeRef> _input;
    private readonly List<Expr> _outputs = [];
    private readonly HashSet<long> _computedAbove = [];
    private List<Expr> _groupings = [];

    public AggregationPlanner(QueryPlanner planner, SelectAst select, IReadOnlyList<OrderItemAst> orderBy, LogicalPlan child)
    {
        _planner = planner;
        _select = select;
        _orderBy = orderBy;
        _child = child;
        _input = child.Output;
    }

    public LogicalPlan Plan()
    {
        _groupings = _select.GroupBy.Select(ResolveGrouping).ToList();
        var selectList = new List<Expr?>();
        var withSubqueries = new List<(int Index, SelectItemAst Item)>();
        foreach (var item in _select.Items)
        {
            if (item.Expr is ColumnRef { Name: "*" } star)
            {
                foreach (var a in QueryPlanner.ExpandStar(star, _input))
                {
                    CheckGrouped(a, a.Name);
                    _outputs.Add(a);
                    selectList.Add(a);
                }

                continue;
            }

            if (item.Expr.Descendants().OfType<SubqueryExprAst>().Any())
            {
                withSubqueries.Add((selectList.Count, item));
                selectList.Add(null);
                continue;
            }

            var resolved = _planner.Resolve(item.Expr, _input, allowAggregates: true);
            CheckGrouped(resolved, item.Expr.ToString());
            var named = Naming.Named(resolved, item.Expr, item.Alias);
            _outputs.Add(named);
            selectList.Add(((INamedExpr)named).ToAttribute());
        }

        // Items holding subqueries are computed over the aggregate's output, in a projection above it.
        foreach (var (index, item) in withSubqueries)
        {
            selectList[index] = Naming.Named(OverAggregate(item.Expr, [], "SELECT"), item.Expr, item.Alias);
        }

        var visible = selectList.Select(o => ((INamedExpr)o!).ToAttribute()).ToArray();
        _computedAbove.UnionWith(withSubqueries.Select(w => visible[w.Index].Id));
        var having = _select.Having is { } h ? OverAggregate(h, visible, "HAVING") : null;
        if (having is not null && having.Type.Id is not (Common.Types.TypeId.Boolean or Common.Types.TypeId.Null))
        {
            throw new AnalysisException($"the HAVING condition must be boolean, but '{_select.Having}' is {having.Type}", _select.Having!.ToString())
            {
                Position = _select.Having.Position,
            };
        }

        var order = _orderBy.Select(o => new SortOrder(
            QueryPlanner.Ordinal(o.Expr, visible, "ORDER BY") ?? OverAggregate(o.Expr, visible, "ORDER BY"),
            o.Ascending,
            o.NullsFirst)).ToArray();

        var visibleIds = visible.Select(v => v.Id).ToHashSet();
        var hidden = _outputs.Select(o => ((INamedExpr)o).ToAttribute()).Where(a => !visibleIds.Contains(a.Id)).ToArray();
        var hasHidden = hidden.Length > 0;
        if (hasHidden && _select.Distinct && order.Length > 0)
        {
            throw new AnalysisException("ORDER BY expressions of a SELECT DISTINCT must be in the select list", _orderBy[0].Expr.ToString())
            {
                Position = _orderBy[0].Expr.Position,
            };
        }

        LogicalPlan plan = new Aggregate(_groupings, _outputs.ToArray(), _child);
        if (having is not null)
        {
            plan = new Filter(having, plan);
        }

        if (withSubqueries.Count > 0)
        {
            plan = new Project([.. selectList.Select(e => e!), .. hidden], plan);
        }

        if (_select.Distinct)
        {
            plan = new Distinct(hasHidden ? new Project(visible, plan) : plan);
            hasHidden = false;
        }

        if (order.Length > 0)
        {
            plan = new Sort(order, plan);
        }

        return hasHidden ? new Project(visible, plan) : plan;
    }

    /// <summary>A GROUP BY key: an ordinal or a select alias stands for that select item's expression.</summary>
    private Expr ResolveGrouping(Expr key)
    {
        var items = _select.Items;
        if (key is Literal { Value: int position })
        {
            if (position < 1 || position > items.Count || items[position - 1].Expr is ColumnRef { Name: "*" })
            {
                throw new AnalysisException($"GROUP BY position {position} is not in the select list (valid positions are 1 to {items.Count})", key.ToString())
                {
                    Position = key.Position,
                };
            }

            var at = key.Position;
            key = items[position - 1].Expr;
            if (key.Descendants().OfType<AggregateExpr>().Any())
            {
                throw new AnalysisException($"GROUP BY position {position} refers to an aggregate, '{key}'; group by a column or expression instead", key.ToString())
                {
                    Position = at,
                };
            }
        }
        else if (key is ColumnRef { Qualifier: null } c && !HasInputColumn(c.Name)
            && items.FirstOrDefault(i => string.Equals(i.Alias, c.Name, StringComparison.OrdinalIgnoreCase)) is { } aliased
            && !aliased.Expr.Descendants().OfType<AggregateExpr>().Any())
        {
            key = aliased.Expr;
        }

        return _planner.Resolve(key, _input);
    }

    private bool HasInputColumn(string name) => _input.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every column outside an aggregate call must be (part of) a grouping expression.</summary>
    private void CheckGrouped(Expr expr, string original)
    {
        if (expr is Kiln.Plan.Windows.WindowExpr w)
        {
            foreach (var input in w.Function.Children.Concat(w.Children.Skip(1)))
            {
                CheckGrouped(input, original);
            }

            return;
        }

        if (expr is AggregateExpr || _groupings.Contains(expr))
        {
            return;
        }

        if (expr is AttributeRef a)
        {
            throw new AnalysisException(
                $"'{original}' uses column '{a.Name}', which is neither in GROUP BY nor inside an aggregate function; add it to GROUP BY or wrap it in an aggregate such as max({a.Name})",
                original)
            {
                Position = a.Position,
            };
        }

        foreach (var child in expr.Children)
        {
            CheckGrouped(child, original);
        }
    }

    /// <summary>
    /// Resolves a HAVING or ORDER BY expression and rewrites it over the Aggregate's output: select aliases refer
    /// to their outputs; aggregates and grouping keys map to an existing output or a new hidden one.
    /// </summary>
    private Expr OverAggregate(Expr expr, IReadOnlyList<AttributeRef> visible, string clause)
    {
        var aliases = visible.Where(v => !_input.Any(i => i.Id == v.Id)).ToArray();
        var substituted = expr.Transform(e => e is ColumnRef { Qualifier: null } c && !HasInputColumn(c.Name)
            && aliases.FirstOrDefault(a => string.Equals(a.Name, c.Name, StringComparison.OrdinalIgnoreCase)) is { } alias
                ? alias
                : e);
        var resolved = _planner.Resolve(substituted, [.. _input, .. aliases], allowAggregates: true);
        return Rewrite(resolved, expr, clause);
    }

    private Expr Rewrite(Expr e, Expr original, string clause)
    {
        if (e is AggregateExpr || _groupings.Contains(e))
        {
            return OutputFor(e);
        }

        if (e is AttributeRef a)
        {
            return _outputs.Any(o => ((INamedExpr)o).Id == a.Id)
                ? a
                : clause == "ORDER BY" && _computedAbove.Contains(a.Id) ? a : throw Ungrouped(clause, original, a);
        }

        if (e is SubqueryExpr s)
        {
            var remapped = QueryPlanner.RemapOuterReferences(s, OuterOutput, attribute => Ungrouped(clause, original, attribute));
            return remapped is InSubquery i ? i with { Value = Rewrite(i.Value, original, clause) } : remapped;
        }

        var children = e.Children;
        return children.Count == 0 ? e : e.WithChildren(children.Select(c => Rewrite(c, original, clause)).ToArray());
    }

    /// <summary>What an outer reference to <paramref name="a"/> reads above the aggregate: its output, or null when it is not grouped.</summary>
    private AttributeRef? OuterOutput(AttributeRef a)
    {
        if (!_input.Any(i => i.Id == a.Id))
        {
            return a;
        }

        return _groupings.Contains(a) ? OutputFor(a) : null;
    }

    private static AnalysisException Ungrouped(string clause, Expr original, AttributeRef a) =>
        new($"{clause} '{original}' uses column '{a.Name}', which is neither in GROUP BY nor inside an aggregate function", original.ToString())
        {
            Position = a.Position,
        };

    private AttributeRef OutputFor(Expr e)
    {
        foreach (var o in _outputs)
        {
            if ((o is AttributeRef at && at.Equals(e)) || (o is Alias al && al.Child.Equals(e)))
            {
                return ((INamedExpr)o).ToAttribute();
            }
        }

        var hidden = new Alias(e, Naming.AutoName(e));
        _outputs.Add(hidden);
        return hidden.ToAttribute();
    }
}
