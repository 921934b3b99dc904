using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>
/// IN over constant lists becomes a hash lookup; a list with column items becomes
/// <c>v = a OR v = b OR ...</c>, whose three-valued OR is exactly IN's semantics (NOT IN adds a NOT).
/// </summary>
internal static class InCompiler
{
    public static IPhysicalExpr Compile(InExpr e)
    {
        var constants = e.List.Select(NodeCompiler.AsConstant).ToArray();
        if (e.Value.Type.Id == TypeId.Null || constants.Length == 0)
        {
            return NodeCompiler.NullOf(DataType.Boolean);
        }

        if (constants.Any(c => c is null))
        {
            return Disjunction(e);
        }

        var value = NodeCompiler.Compile(e.Value);
        var type = value.Type;
        var items = constants.Select(c => (LiteralNode)NodeCompiler.Compile(c!.Type == type ? c : ExpressionEvaluator.EvaluateConstant(new CastExpr(c, type)))).ToArray();
        var hasNull = items.Any(i => i.IsNull);
        var present = items.Where(i => !i.IsNull).ToArray();
        return type.Id switch
        {
            TypeId.Int32 or TypeId.Date => new InSetNode<int>(value, present.Select(i => i.Get<int>()), hasNull, e.Negated),
            TypeId.Int64 or TypeId.Timestamp => new InSetNode<long>(value, present.Select(i => i.Get<long>()), hasNull, e.Negated),
            TypeId.Float64 => new InSetNode<double>(value, present.Select(i => i.Get<double>()), hasNull, e.Negated),
            TypeId.Decimal => new InSetNode<Int128>(value, present.Select(i => i.Get<Int128>()), hasNull, e.Negated),
            TypeId.Boolean => new InSetNode<bool>(value, present.Select(i => i.Get<bool>()), hasNull, e.Negated),
            _ => new InStringSetNode(value, new Utf8Set(present.Select(i => i.Utf8)), hasNull, e.Negated),
        };
    }

    private static IPhysicalExpr Disjunction(InExpr e)
    {
        Expr any = new BinaryExpr(BinaryOp.Equal, e.Value, e.List[0]);
        foreach (var item in e.List.Skip(1))
        {
            any = new BinaryExpr(BinaryOp.Or, any, new BinaryExpr(BinaryOp.Equal, e.Value, item));
        }

        return NodeCompiler.Compile(e.Negated ? new UnaryExpr(UnaryOp.Not, any) : any);
    }
}
