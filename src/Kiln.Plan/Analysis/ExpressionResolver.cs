using Kiln.Common.Errors;
using Kiln.Common.Text;
using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Plan.Analysis;

/// <summary>
/// Resolves an expression against the attributes a plan node can see: column names become
/// <see cref="AttributeRef"/>s, implicit casts are inserted and every operator's operand types are checked.
/// All errors are <see cref="AnalysisException"/>s that quote the offending expression and carry the
/// <see cref="Expr.Position"/> of the innermost node that failed.
/// </summary>
/// <remarks>
/// Inside a subquery, a name that is not among the subquery's own columns is looked up in the enclosing queries'
/// columns (<c>outerScopes</c>, innermost first) and becomes an <see cref="OuterRef"/>.
/// </remarks>
public static class ExpressionResolver
{
    public static Expr Resolve(Expr expr, IReadOnlyList<AttributeRef> input, bool allowAggregates = false) =>
        Resolve(expr, input, [], allowAggregates);

    public static Expr Resolve(Expr expr, IReadOnlyList<AttributeRef> input, IReadOnlyList<IReadOnlyList<AttributeRef>> outerScopes, bool allowAggregates = false)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outerScopes);
        var resolved = expr.Transform(e =>
        {
            try
            {
                return ResolveNode(e, input, outerScopes);
            }
            catch (AnalysisException ex) when (ex.Position is null && e.Position is not null)
            {
                throw ex.At(e.Position);
            }
        });
        if (!allowAggregates && WindowAnalysis.AggregatesOutsideWindows(resolved).FirstOrDefault() is { } agg)
        {
            throw new AnalysisException($"aggregate '{agg}' is not allowed here; use it in groupBy().agg(...) or a SELECT with GROUP BY", agg.ToString()) { Position = agg.Position };
        }

        return resolved;
    }

    /// <summary>Finds the attribute a (possibly qualified) name refers to.</summary>
    public static AttributeRef ResolveColumn(ColumnRef column, IReadOnlyList<AttributeRef> input) => (AttributeRef)ResolveColumn(column, input, []);

    /// <summary>
    /// Finds the attribute a (possibly qualified) name refers to: among <paramref name="input"/>, else among the
    /// enclosing queries' columns, as an <see cref="OuterRef"/>.
    /// </summary>
    public static Expr ResolveColumn(ColumnRef column, IReadOnlyList<AttributeRef> input, IReadOnlyList<IReadOnlyList<AttributeRef>> outerScopes)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outerScopes);
        if (Find(column, input) is { } local)
        {
            return local with { Position = column.Position };
        }

        for (var depth = 1; depth <= outerScopes.Count; depth++)
        {
            if (Find(column, outerScopes[depth - 1]) is { } outer)
            {
                return new OuterRef(outer, depth) { Position = column.Position };
            }
        }

        var names = input.Select(a => a.Name).ToList();
        var candidates = names.Concat(outerScopes.SelectMany(s => s.Select(a => a.Name))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var available = string.Join(", ", names.Take(20));
        throw new AnalysisException(
            $"column '{column}' does not exist{NameSuggester.Hint(column.Name, candidates)} (available: {available})",
            column.ToString(),
            NameSuggester.Closest(column.Name, candidates))
        {
            Position = column.Position,
        };
    }

    private static AttributeRef? Find(ColumnRef column, IReadOnlyList<AttributeRef> input)
    {
        var matches = input.Where(a => string.Equals(a.Name, column.Name, StringComparison.OrdinalIgnoreCase)
            && (column.Qualifier is null || string.Equals(a.Qualifier, column.Qualifier, StringComparison.OrdinalIgnoreCase))).ToList();
        if (matches.Count == 0)
        {
            return null;
        }

        if (matches.All(m => m.Id == matches[0].Id))
        {
            return matches[0];
        }

        throw new AnalysisException(
            $"column '{column}' is ambiguous: it could be {string.Join(" or ", matches.Select(m => m.Qualifier is null ? m.Name : $"{m.Qualifier}.{m.Name}"))}; qualify it or refer to it through its DataFrame (df[\"{column.Name}\"])",
            column.ToString())
        {
            Position = column.Position,
        };
    }

    private static Expr ResolveNode(Expr e, IReadOnlyList<AttributeRef> input, IReadOnlyList<IReadOnlyList<AttributeRef>> outerScopes) => e switch
    {
        ColumnRef c => ResolveColumn(c, input, outerScopes),
        AttributeRef a => ResolveAttribute(a, input),
        InSubquery i => ResolveInSubquery(i),
        BinaryExpr b => ResolveBinary(b),
        UnaryExpr u => ResolveUnary(u),
        CaseExpr c => ResolveCase(c),
        CastExpr c => TypeCoercion.CanCast(c.Child.Type, c.To)
            ? c
            : throw new AnalysisException($"cannot cast {c.Child.Type} to {c.To} in '{c}'", c.ToString()),
        InExpr i => ResolveIn(i),
        LikeExpr l => ResolveLike(l),
        FunctionCall f when f.ResultType is null => UserCode.UserFunctionScope.TryResolve(f) ?? FunctionRegistry.Resolve(f),
        UserCode.UserFunctionCall u => u.Resolve(),
        AggregateExpr a => ResolveAggregate(a),
        Windows.WindowExpr w => WindowAnalysis.Resolve(w),
        _ => e,
    };

    private static AttributeRef ResolveAttribute(AttributeRef a, IReadOnlyList<AttributeRef> input)
    {
        foreach (var candidate in input)
        {
            if (candidate.Id == a.Id)
            {
                return candidate;
            }
        }

        throw new AnalysisException(
            $"column '{a.Name}' belongs to another DataFrame and is not part of this one's input ({string.Join(", ", input.Select(x => x.Name).Take(20))})",
            a.Name);
    }

    private static Expr ResolveBinary(BinaryExpr b)
    {
        var (l, r) = (b.Left.Type, b.Right.Type);
        if (b.Op is BinaryOp.And or BinaryOp.Or)
        {
            return b with { Left = RequireBoolean(b.Left, b), Right = RequireBoolean(b.Right, b) };
        }

        if (BinaryExpr.IsComparison(b.Op))
        {
            var type = TypeCoercion.ComparisonType(l, r)
                ?? throw new AnalysisException($"cannot compare {l} with {r} in '{b}'", b.ToString());
            if (type.Id == TypeId.Null)
            {
                type = DataType.Boolean;
            }

            return b with { Left = TypeCoercion.CastTo(b.Left, type), Right = TypeCoercion.CastTo(b.Right, type) };
        }

        if (l.Id == TypeId.Null && r.Id == TypeId.Null)
        {
            return b with { Left = new Literal(null, DataType.Float64), Right = new Literal(null, DataType.Float64), ResultType = DataType.Float64 };
        }

        if (!(l.IsNumeric || l.Id == TypeId.Null) || !(r.IsNumeric || r.Id == TypeId.Null))
        {
            throw new AnalysisException(
                $"'{BinaryExpr.Symbol(b.Op)}' needs numeric operands, but '{(l.IsNumeric ? b.Right : b.Left)}' is {(l.IsNumeric ? r : l)} in '{b}'",
                b.ToString());
        }

        var common = TypeCoercion.CommonType(l, r)!;
        if (common.Id == TypeId.Decimal)
        {
            var left = TypeCoercion.CastTo(b.Left, TypeCoercion.AsDecimal(l.Id == TypeId.Null ? common : l));
            var right = TypeCoercion.CastTo(b.Right, TypeCoercion.AsDecimal(r.Id == TypeId.Null ? common : r));
            return b with { Left = left, Right = right, ResultType = TypeCoercion.DecimalResult(b.Op, left.Type, right.Type) };
        }

        if (b.Op == BinaryOp.Divide && common.IsIntegral)
        {
            common = DataType.Float64;
        }

        return b with { Left = TypeCoercion.CastTo(b.Left, common), Right = TypeCoercion.CastTo(b.Right, common), ResultType = common };
    }

    private static Expr ResolveUnary(UnaryExpr u) => u.Op switch
    {
        UnaryOp.Not => u with { Child = RequireBoolean(u.Child, u) },
        UnaryOp.Negate when u.Child.Type.IsNumeric => u,
        UnaryOp.Negate => throw new AnalysisException($"cannot negate {u.Child.Type} in '{u}'", u.ToString()),
        _ => u,
    };

    private static Expr ResolveCase(CaseExpr c)
    {
        var parts = c.Parts.ToArray();
        DataType? type = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var isCondition = i % 2 == 0 && !(c.HasElse && i == parts.Length - 1);
            if (isCondition)
            {
                parts[i] = RequireBoolean(parts[i], c);
            }
            else
            {
                type = type is null ? parts[i].Type : TypeCoercion.CommonTypeOrString(type, parts[i].Type)
                    ?? throw new AnalysisException($"the branches of '{c}' have no common type ({type} and {parts[i].Type})", c.ToString());
            }
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (!(i % 2 == 0 && !(c.HasElse && i == parts.Length - 1)))
            {
                parts[i] = TypeCoercion.CastTo(parts[i], type!);
            }
        }

        return c with { Parts = parts };
    }

    private static Expr ResolveIn(InExpr i)
    {
        var type = i.Value.Type;
        foreach (var item in i.List)
        {
            type = TypeCoercion.ComparisonType(type, item.Type)
                ?? throw new AnalysisException($"cannot compare {i.Value.Type} with {item.Type} in '{i}'", i.ToString());
        }

        return i with { Value = TypeCoercion.CastTo(i.Value, type), List = i.List.Select(x => TypeCoercion.CastTo(x, type)).ToArray() };
    }

    /// <summary>Compares the value with the subquery's column in their common type, casting the column inside the subquery if needed.</summary>
    private static Expr ResolveInSubquery(InSubquery i)
    {
        var column = i.Plan.Output[0];
        var type = TypeCoercion.ComparisonType(i.Value.Type, column.Type)
            ?? throw new AnalysisException($"cannot compare {i.Value.Type} with {column.Type} (the subquery's column '{column.Name}') in '{i.Value} IN (subquery)'", i.ToString());
        if (type.Id == TypeId.Null)
        {
            type = DataType.Boolean;
        }

        var plan = i.Plan;
        if (column.Type != type)
        {
            plan = new Logical.Project([new Alias(TypeCoercion.CastTo(column, type), column.Name), .. plan.Output.Skip(1)], plan);
        }

        return i with { Value = TypeCoercion.CastTo(i.Value, type), Plan = plan };
    }

    private static Expr ResolveLike(LikeExpr l)
    {
        foreach (var side in new[] { l.Value, l.Pattern })
        {
            if (side.Type.Id is not (TypeId.String or TypeId.Null))
            {
                throw new AnalysisException($"LIKE needs strings, but '{side}' is {side.Type} in '{l}'", l.ToString());
            }
        }

        if (l.Pattern is not Literal)
        {
            throw new AnalysisException($"the pattern of '{l}' must be a string literal", l.ToString());
        }

        return l with { Value = TypeCoercion.CastTo(l.Value, DataType.String), Pattern = TypeCoercion.CastTo(l.Pattern, DataType.String) };
    }

    private static Expr ResolveAggregate(AggregateExpr a)
    {
        if (a.Argument is { } arg && arg.Descendants().Skip(1).OfType<AggregateExpr>().Any())
        {
            throw new AnalysisException($"aggregates cannot be nested, as in '{a}'", a.ToString());
        }

        if (a.Function is AggregateFunction.Sum or AggregateFunction.Avg)
        {
            var argument = a.Argument!;
            if (argument.Type.Id == TypeId.Null)
            {
                return a with { Argument = new Literal(null, DataType.Float64) };
            }

            if (!argument.Type.IsNumeric)
            {
                throw new AnalysisException($"'{a.Function.ToString().ToLowerInvariant()}' needs a numeric argument, but '{argument}' is {argument.Type} in '{a}'", a.ToString());
            }
        }

        if (a.Function is AggregateFunction.Min or AggregateFunction.Max && a.Argument!.Type.Id == TypeId.Boolean)
        {
            throw new AnalysisException($"'{a}' cannot order boolean values", a.ToString());
        }

        return a;
    }

    private static Expr RequireBoolean(Expr operand, Expr parent)
    {
        if (operand.Type.Id == TypeId.Null)
        {
            return new Literal(null, DataType.Boolean);
        }

        return operand.Type.Id == TypeId.Boolean
            ? operand
            : throw new AnalysisException($"'{operand}' is {operand.Type}, but a boolean is needed in '{parent}'", parent.ToString());
    }
}
