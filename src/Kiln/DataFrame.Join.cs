using Kiln.Common.Errors;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;
using Kiln.Plan.Logical;

namespace Kiln;

public sealed partial class DataFrame
{
    /// <summary>
    /// Joins on a condition. <paramref name="how"/>: inner, left (left_outer), right (right_outer), full (outer,
    /// full_outer), left_semi (semi), left_anti (anti), cross. Equality conjuncts become hash keys; anything else
    /// is evaluated on matching rows.
    /// </summary>
    public DataFrame Join(DataFrame other, Column on, string how = "inner")
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(on);
        var type = ParseJoinType(how);
        var input = Plan.Output.Concat(other.Plan.Output).ToArray();
        var condition = ExpressionResolver.Resolve(on.Expr, input);
        if (condition.Type.Id != Common.Types.TypeId.Boolean)
        {
            throw new AnalysisException($"a join condition must be boolean, but '{on}' is {condition.Type}", on.ToString());
        }

        return With(new Join(Plan, other.Plan, type, condition));
    }

    /// <summary>Joins on equality of the named columns, which appear once in the result (Spark's <c>join(df, Seq("id"))</c>).</summary>
    public DataFrame Join(DataFrame other, string[] usingColumns, string how = "inner")
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(usingColumns);
        var type = ParseJoinType(how);
        var pairs = usingColumns.Select(c => (
            Left: ExpressionResolver.ResolveColumn(new ColumnRef(c), Plan.Output),
            Right: ExpressionResolver.ResolveColumn(new ColumnRef(c), other.Plan.Output))).ToArray();
        var condition = pairs
            .Select(p => ExpressionResolver.Resolve(new BinaryExpr(BinaryOp.Equal, p.Left, p.Right), [.. Plan.Output, .. other.Plan.Output]))
            .Aggregate((a, b) => new BinaryExpr(BinaryOp.And, a, b));
        var join = new Join(Plan, other.Plan, type, condition);
        var output = join.Output;
        AttributeRef Find(AttributeRef a) => output.First(o => o.Id == a.Id);

        var keys = pairs.Select(p => type switch
        {
            JoinType.RightOuter => (Expr)Find(p.Right),
            JoinType.FullOuter => new Alias(ExpressionResolver.Resolve(new FunctionCall("coalesce", [Find(p.Left), Find(p.Right)]), output), p.Left.Name),
            _ => Find(p.Left),
        });
        var usedIds = pairs.SelectMany(p => new[] { p.Left.Id, p.Right.Id }).ToHashSet();
        var rest = output.Where(a => !usedIds.Contains(a.Id));
        return With(new Project([.. keys, .. rest], join));
    }

    public DataFrame Join(DataFrame other, string usingColumn, string how = "inner") => Join(other, [usingColumn], how);

    public DataFrame CrossJoin(DataFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return With(new Join(Plan, other.Plan, JoinType.Cross, null));
    }

    private static JoinType ParseJoinType(string how) => how.Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal) switch
    {
        "inner" => JoinType.Inner,
        "left" or "leftouter" => JoinType.LeftOuter,
        "right" or "rightouter" => JoinType.RightOuter,
        "full" or "outer" or "fullouter" => JoinType.FullOuter,
        "leftsemi" or "semi" => JoinType.LeftSemi,
        "leftanti" or "anti" => JoinType.LeftAnti,
        "cross" => JoinType.Cross,
        _ => throw new AnalysisException($"unknown join type '{how}'; use inner, left, right, full, left_semi, left_anti or cross"),
    };
}
