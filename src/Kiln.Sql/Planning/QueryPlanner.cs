using Kiln.Common.Batches;
using Kiln.Common.Errors;
using Kiln.Common.Text;
using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;
using Kiln.Plan.Optimizer;
using Kiln.Sql.Parsing;

namespace Kiln.Sql.Planning;

/// <summary>
/// Turns a parsed query into a resolved logical plan: WITH scopes, set operations, ORDER BY / LIMIT and FROM
/// clauses live here; <c>QueryPlanner.Select.cs</c> plans SELECT blocks, <see cref="AggregationPlanner"/> grouping
/// and <c>QueryPlanner.Subqueries.cs</c> subqueries inside expressions.
/// </summary>
/// <remarks>
/// One instance plans one statement, subqueries included. A table referenced twice (a self-join, a CTE used twice,
/// a table read by the query and by its subquery) would expose the same attribute ids twice, so every relation
/// whose output ids were already seen is re-aliased with fresh ids. While a subquery is planned, the columns of
/// the queries around it are in <see cref="_outerScopes"/> (innermost first), so it can refer to them.
/// </remarks>
internal sealed partial class QueryPlanner
{
    private readonly ISqlCatalog _catalog;
    private readonly List<Dictionary<string, LogicalPlan>> _cteScopes = [];
    private readonly List<IReadOnlyList<AttributeRef>> _outerScopes = [];
    private HashSet<long> _usedIds = [];

    public QueryPlanner(ISqlCatalog catalog)
    {
        _catalog = catalog;
    }

    public LogicalPlan PlanQuery(QueryAst query)
    {
        var scope = new Dictionary<string, LogicalPlan>(StringComparer.OrdinalIgnoreCase);
        _cteScopes.Add(scope);
        try
        {
            foreach (var cte in query.With)
            {
                if (scope.ContainsKey(cte.Name))
                {
                    throw new AnalysisException($"WITH query name '{cte.Name}' is defined twice; rename one of them", cte.Name) { Position = cte.Position.Where };
                }

                var saved = _usedIds;
                _usedIds = [];
                scope[cte.Name] = WithColumnNames(PlanQuery(cte.Query), cte.Columns, cte.Name, cte.Position);
                _usedIds = saved;
            }

            LogicalPlan plan;
            if (query.Body is SelectAst select)
            {
                plan = PlanSelect(select, query.OrderBy);
            }
            else
            {
                plan = PlanBody(query.Body);
                if (query.OrderBy.Count > 0)
                {
                    plan = new Sort(query.OrderBy.Select(o => SortOverOutput(o, plan.Output)).ToArray(), plan);
                }
            }

            return query.Limit is { } limit ? new Limit(limit, plan) : plan;
        }
        finally
        {
            _cteScopes.RemoveAt(_cteScopes.Count - 1);
        }
    }

    private LogicalPlan PlanBody(QueryBodyAst body) => body switch
    {
        SelectAst s => PlanSelect(s, []),
        NestedQueryAst n => PlanQuery(n.Query),
        UnionAst u => PlanUnion(u),
        _ => throw new InvalidOperationException($"unexpected query body {body.GetType().Name}"),
    };

    /// <summary>UNION ALL by position with types widened to a common type, as DataFrame.Union; UNION adds a Distinct.</summary>
    private LogicalPlan PlanUnion(UnionAst union)
    {
        var operands = new List<(QueryBodyAst Body, Token? Union)>();
        Flatten(union, null, operands, union.All);
        var inputs = operands.Select(o => PlanBody(o.Body)).ToList();
        var first = inputs[0].Output;
        for (var i = 1; i < inputs.Count; i++)
        {
            if (inputs[i].Output.Count != first.Count)
            {
                throw new AnalysisException($"UNION needs the same number of columns in every query, but they have {first.Count} and {inputs[i].Output.Count}")
                {
                    Position = operands[i].Union?.Where,
                };
            }
        }

        var types = first.Select(a => a.Type).ToArray();
        for (var c = 0; c < types.Length; c++)
        {
            for (var i = 1; i < inputs.Count; i++)
            {
                var other = inputs[i].Output[c].Type;
                types[c] = TypeCoercion.CommonTypeOrString(types[c], other)
                    ?? throw new AnalysisException($"UNION column {c + 1} ('{first[c].Name}') has incompatible types {types[c]} and {other}")
                    {
                        Position = operands[i].Union?.Where,
                    };
            }
        }

        var coerced = inputs.Select(p => Coerce(p, types)).ToArray();
        var output = first.Select((a, c) => new AttributeRef(a.Name, ExprIds.Next(), types[c], coerced.Any(p => p.Output[c].Nullable))).ToArray();
        LogicalPlan plan = new Union(coerced, output);
        return union.All ? plan : new Distinct(plan);
    }

    /// <summary>The operands of a chain of UNIONs of one kind, each with the UNION keyword before it (none for the first).</summary>
    private static void Flatten(QueryBodyAst body, Token? before, List<(QueryBodyAst Body, Token? Union)> operands, bool all)
    {
        if (body is UnionAst u && u.All == all)
        {
            Flatten(u.Left, before, operands, all);
            Flatten(u.Right, u.Position, operands, all);
        }
        else
        {
            operands.Add((body, before));
        }
    }

    private static LogicalPlan Coerce(LogicalPlan plan, DataType[] types)
    {
        var output = plan.Output;
        return output.Select((a, i) => a.Type == types[i]).All(x => x)
            ? plan
            : new Project(output.Select((a, i) => a.Type == types[i] ? (Expr)a : new Alias(TypeCoercion.CastTo(a, types[i]), a.Name)).ToArray(), plan);
    }

    /// <summary>An ORDER BY key over a plan's output only: ordinals and output column names.</summary>
    private SortOrder SortOverOutput(OrderItemAst item, IReadOnlyList<AttributeRef> output) =>
        new(Ordinal(item.Expr, output, "ORDER BY") ?? Resolve(item.Expr, output), item.Ascending, item.NullsFirst);

    /// <summary>Renames a relation's columns (<c>AS t (a, b)</c>, <c>WITH t (a, b) AS</c>, <c>VIEW t (a, b)</c>).</summary>
    internal static LogicalPlan WithColumnNames(LogicalPlan plan, IReadOnlyList<string>? names, string relation, Token position)
    {
        if (names is null)
        {
            return plan;
        }

        var output = plan.Output;
        if (names.Count != output.Count)
        {
            throw new AnalysisException(
                $"'{relation}' names {names.Count} column(s) ({string.Join(", ", names)}), but its query returns {output.Count} ({string.Join(", ", output.Select(a => a.Name))})",
                relation)
            {
                Position = position.Where,
            };
        }

        return new Project(output.Select((a, i) => (Expr)new Alias(a, names[i])).ToArray(), plan);
    }

    /// <summary>The output column an integer literal (1-based position) refers to, or null when the expression is not one.</summary>
    internal static AttributeRef? Ordinal(Expr expr, IReadOnlyList<AttributeRef> output, string clause)
    {
        if (expr is not Literal { Value: int position })
        {
            return null;
        }

        return position >= 1 && position <= output.Count
            ? output[position - 1]
            : throw new AnalysisException($"{clause} position {position} is not in the select list (valid positions are 1 to {output.Count})", position.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                Position = expr.Position,
            };
    }

    private LogicalPlan PlanRelation(RelationAst relation) => relation switch
    {
        TableAst t => PlanTable(t),
        FileTableAst f => PlanFiles(f),
        SubqueryAst s => PlanFromSubquery(s),
        JoinAst j => PlanJoin(j),
        _ => throw new InvalidOperationException($"unexpected relation {relation.GetType().Name}"),
    };

    /// <summary>A subquery in FROM sees the enclosing queries' columns (when the whole query is a subquery), not its siblings' (no LATERAL).</summary>
    private LogicalPlan PlanFromSubquery(SubqueryAst subquery)
    {
        var plan = WithColumnNames(PlanQuery(subquery.Query), subquery.Columns, subquery.Alias ?? "subquery", subquery.Position);
        return subquery.Alias is null ? plan : new SubqueryAlias(subquery.Alias, plan);
    }

    private LogicalPlan PlanTable(TableAst table)
    {
        LogicalPlan? plan = null;
        for (var i = _cteScopes.Count - 1; i >= 0 && plan is null; i--)
        {
            plan = _cteScopes[i].GetValueOrDefault(table.Name);
        }

        plan ??= _catalog.LookupTable(table.Name);
        if (plan is null)
        {
            var known = _catalog.TableNames.Concat(_cteScopes.SelectMany(s => s.Keys)).ToList();
            throw new AnalysisException(
                $"table or view '{table.Name}' does not exist{NameSuggester.Hint(table.Name, known)}; register it with createOrReplaceTempView (known: {string.Join(", ", known.Take(20))})",
                table.Name,
                NameSuggester.Closest(table.Name, known))
            {
                Position = table.Position.Where,
            };
        }

        var name = table.Alias ?? table.Name[(table.Name.LastIndexOf('.') + 1)..];
        return new SubqueryAlias(name, WithColumnNames(Deduplicate(plan), table.Columns, name, table.Position));
    }

    private LogicalPlan PlanFiles(FileTableAst files)
    {
        LogicalPlan plan;
        try
        {
            plan = _catalog.ReadFiles(files.Format, files.Path);
        }
        catch (AnalysisException e) when (e.Position is null)
        {
            throw new AnalysisException(e.Problem, files.Path, e.Suggestions, e) { Position = files.Position.Where };
        }

        var name = files.Alias ?? files.Format;
        return new SubqueryAlias(name, WithColumnNames(Deduplicate(plan), files.Columns, name, files.Position));
    }

    /// <summary>Gives a relation fresh attribute ids when its output ids are already used elsewhere in the query.</summary>
    private LogicalPlan Deduplicate(LogicalPlan plan)
    {
        if (plan.Output.Any(a => _usedIds.Contains(a.Id)))
        {
            plan = new Project(plan.Output.Select(a => (Expr)new Alias(a, a.Name)).ToArray(), plan);
        }

        Register(plan);
        return plan;
    }

    private void Register(LogicalPlan plan)
    {
        foreach (var a in plan.Output)
        {
            _usedIds.Add(a.Id);
        }

        foreach (var child in plan.Children)
        {
            Register(child);
        }
    }

    private LogicalPlan PlanJoin(JoinAst join)
    {
        var left = PlanRelation(join.Left);
        var right = PlanRelation(join.Right);
        if (join.Using is { } usingColumns)
        {
            return JoinUsing(left, right, join.Type, usingColumns);
        }

        if (join.Condition is null)
        {
            return new Join(left, right, join.Type is JoinType.Inner ? JoinType.Cross : join.Type, null);
        }

        var condition = ResolvePredicate(join.Condition, [.. left.Output, .. right.Output], "join condition");
        if (RewriteSubqueries.HasSubquery(condition))
        {
            throw new AnalysisException("a subquery in a join's ON condition is not supported; move the condition to WHERE", join.Condition.ToString())
            {
                Position = condition.Descendants().OfType<SubqueryExpr>().First().Position,
            };
        }
        return new Join(left, right, join.Type, condition);
    }

    /// <summary><c>JOIN ... USING (a, b)</c>: equality on the named columns, which appear once in the result (DataFrame.Join with column names).</summary>
    private static LogicalPlan JoinUsing(LogicalPlan left, LogicalPlan right, JoinType type, IReadOnlyList<Token> columns)
    {
        var pairs = columns.Select(c => (
            Left: ExpressionResolver.ResolveColumn(new ColumnRef(c.Text) { Position = c.Where }, left.Output),
            Right: ExpressionResolver.ResolveColumn(new ColumnRef(c.Text) { Position = c.Where }, right.Output))).ToArray();
        var condition = pairs
            .Select(p => ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Equal, p.Left, p.Right), [.. left.Output, .. right.Output]))
            .Aggregate((a, b) => new BinaryExpr(BinaryOp.And, a, b));
        var joined = new Join(left, right, type, condition);
        if (type is JoinType.LeftSemi or JoinType.LeftAnti)
        {
            return joined;
        }

        var output = joined.Output;
        AttributeRef Find(AttributeRef a) => output.First(o => o.Id == a.Id);
        var keys = pairs.Select(p => type switch
        {
            JoinType.RightOuter => (Expr)Find(p.Right),
            JoinType.FullOuter => new Alias(ExpressionResolver.Resolve(new FunctionCall("coalesce", [Find(p.Left), Find(p.Right)]), output), p.Left.Name),
            _ => Find(p.Left),
        });
        var usedIds = pairs.SelectMany(p => new[] { p.Left.Id, p.Right.Id }).ToHashSet();
        return new Project([.. keys, .. output.Where(a => !usedIds.Contains(a.Id))], joined);
    }

    internal Expr ResolvePredicate(Expr condition, IReadOnlyList<AttributeRef> input, string clause)
    {
        var resolved = Resolve(condition, input);
        if (resolved.Type.Id is not (TypeId.Boolean or TypeId.Null))
        {
            throw new AnalysisException($"the {clause} must be boolean, but '{condition}' is {resolved.Type}", condition.ToString()) { Position = condition.Position };
        }

        return resolved;
    }

    /// <summary>A relation of one row and no columns, for SELECT without FROM.</summary>
    private static LocalRelation OneRow() => new([], [new RecordBatch(new Schema(), [], 1)]);
}
