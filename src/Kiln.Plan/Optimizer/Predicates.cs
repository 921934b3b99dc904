using Kiln.Plan.Expressions;

namespace Kiln.Plan.Optimizer;

/// <summary>Helpers for splitting and combining conjunctions and checking which attributes a predicate reads.</summary>
public static class Predicates
{
    public static IEnumerable<Expr> SplitConjuncts(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr is BinaryExpr { Op: BinaryOp.And } and)
        {
            foreach (var e in SplitConjuncts(and.Left).Concat(SplitConjuncts(and.Right)))
            {
                yield return e;
            }
        }
        else
        {
            yield return expr;
        }
    }

    public static Expr? Combine(IEnumerable<Expr> conjuncts) =>
        conjuncts.Aggregate((Expr?)null, (acc, e) => acc is null ? e : new BinaryExpr(BinaryOp.And, acc, e));

    /// <summary>Whether every attribute <paramref name="expr"/> reads is among <paramref name="available"/>.</summary>
    public static bool ReadsOnly(Expr expr, IReadOnlyList<AttributeRef> available)
    {
        var ids = available.Select(a => a.Id).ToHashSet();
        return expr.References().All(r => ids.Contains(r.Id));
    }

    /// <summary>Whether a tree may be evaluated more or fewer times than written (false when it calls user code).</summary>
    public static bool IsDeterministic(Expr expr) => expr?.Descendants().All(e => e.IsDeterministic) ?? true;

    /// <summary>Replaces references to aliases of a projection by the aliased expressions.</summary>
    public static Expr Substitute(Expr expr, IReadOnlyList<Expr> projections)
    {
        var map = projections.OfType<Alias>().ToDictionary(a => a.Id, a => a.Child);
        return expr.Transform(e => e is AttributeRef a && map.TryGetValue(a.Id, out var replacement) ? replacement : e);
    }
}
