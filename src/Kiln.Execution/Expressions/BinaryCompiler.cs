using Kiln.Common.Types;
using Kiln.Plan.Analysis;
using Kiln.Plan.Expressions;

namespace Kiln.Execution.Expressions;

/// <summary>Chooses the kernel for a binary operator from its operand types, and puts literal operands on the scalar side.</summary>
internal static class BinaryCompiler
{
    public static IPhysicalExpr Compile(BinaryExpr b)
    {
        if (b.Op is BinaryOp.And or BinaryOp.Or)
        {
            return new LogicalNode(NodeCompiler.Compile(b.Left), NodeCompiler.Compile(b.Right), b.Op == BinaryOp.And);
        }

        return BinaryExpr.IsComparison(b.Op) ? Comparison(b) : Arithmetic(b);
    }

    private static IPhysicalExpr Arithmetic(BinaryExpr b)
    {
        var type = b.Type;
        if (IsNullLiteral(b.Left) || IsNullLiteral(b.Right))
        {
            return NodeCompiler.NullOf(type);
        }

        var left = NodeCompiler.Compile(b.Left);
        var right = NodeCompiler.Compile(b.Right);
        if (type.Id == TypeId.Decimal)
        {
            return new DecimalArithmeticNode(b.Op, Decimal(left), Decimal(right), type);
        }

        if (left.Type != type)
        {
            left = new CastNode(left, type);
        }

        if (right.Type != type)
        {
            right = new CastNode(right, type);
        }

        return (b.Op, type.Id) switch
        {
            (BinaryOp.Divide, TypeId.Float64) or (BinaryOp.Modulo, TypeId.Int32 or TypeId.Int64 or TypeId.Float64) =>
                new DivisionNode(left, right, b.Op == BinaryOp.Modulo),
            (BinaryOp.Add, TypeId.Int32) => new ArithmeticNode<int, AddOp<int>>(left, right, type),
            (BinaryOp.Subtract, TypeId.Int32) => new ArithmeticNode<int, SubtractOp<int>>(left, right, type),
            (BinaryOp.Multiply, TypeId.Int32) => new ArithmeticNode<int, MultiplyOp<int>>(left, right, type),
            (BinaryOp.Add, TypeId.Int64) => new ArithmeticNode<long, AddOp<long>>(left, right, type),
            (BinaryOp.Subtract, TypeId.Int64) => new ArithmeticNode<long, SubtractOp<long>>(left, right, type),
            (BinaryOp.Multiply, TypeId.Int64) => new ArithmeticNode<long, MultiplyOp<long>>(left, right, type),
            (BinaryOp.Add, TypeId.Float64) => new ArithmeticNode<double, AddOp<double>>(left, right, type),
            (BinaryOp.Subtract, TypeId.Float64) => new ArithmeticNode<double, SubtractOp<double>>(left, right, type),
            (BinaryOp.Multiply, TypeId.Float64) => new ArithmeticNode<double, MultiplyOp<double>>(left, right, type),
            _ => throw new UnsupportedExpressionException(
                $"'{b}' applies {BinaryExpr.Symbol(b.Op)} to {type}; integer division must be resolved to double first", b.ToString()),
        };
    }

    private static IPhysicalExpr Decimal(IPhysicalExpr operand) =>
        operand.Type.Id == TypeId.Decimal ? operand : new CastNode(operand, TypeCoercion.AsDecimal(operand.Type));

    private static IPhysicalExpr Comparison(BinaryExpr b)
    {
        var op = b.Op;
        if (op != BinaryOp.NullSafeEqual && (IsNullLiteral(b.Left) || IsNullLiteral(b.Right)))
        {
            return NodeCompiler.NullOf(DataType.Boolean);
        }

        var left = NodeCompiler.Compile(b.Left);
        var right = NodeCompiler.Compile(b.Right);
        if (left.Type != right.Type)
        {
            var common = TypeCoercion.ComparisonType(left.Type, right.Type)
                ?? throw new UnsupportedExpressionException($"cannot compare {left.Type} with {right.Type} in '{b}'", b.ToString());
            left = left.Type == common ? left : new CastNode(left, common);
            right = right.Type == common ? right : new CastNode(right, common);
        }

        if (left is LiteralNode && right is not LiteralNode)
        {
            (left, right) = (right, left);
            op = Flip(op);
        }

        if (left.Type.Id is TypeId.Boolean or TypeId.Decimal or TypeId.String or TypeId.Null)
        {
            return new OrderedCompareNode(op, left, right);
        }

        return Typed(op, left, right);
    }

    private static IPhysicalExpr Typed(BinaryOp op, IPhysicalExpr l, IPhysicalExpr r) => (l.Type.Id, op) switch
    {
        (TypeId.Int32 or TypeId.Date, BinaryOp.Equal or BinaryOp.NullSafeEqual) => new CompareNode<int, EqualOp<int>>(l, r, op == BinaryOp.NullSafeEqual),
        (TypeId.Int32 or TypeId.Date, BinaryOp.NotEqual) => new CompareNode<int, NotEqualOp<int>>(l, r),
        (TypeId.Int32 or TypeId.Date, BinaryOp.LessThan) => new CompareNode<int, LessOp<int>>(l, r),
        (TypeId.Int32 or TypeId.Date, BinaryOp.LessThanOrEqual) => new CompareNode<int, LessOrEqualOp<int>>(l, r),
        (TypeId.Int32 or TypeId.Date, BinaryOp.GreaterThan) => new CompareNode<int, GreaterOp<int>>(l, r),
        (TypeId.Int32 or TypeId.Date, _) => new CompareNode<int, GreaterOrEqualOp<int>>(l, r),
        (TypeId.Int64 or TypeId.Timestamp, BinaryOp.Equal or BinaryOp.NullSafeEqual) => new CompareNode<long, EqualOp<long>>(l, r, op == BinaryOp.NullSafeEqual),
        (TypeId.Int64 or TypeId.Timestamp, BinaryOp.NotEqual) => new CompareNode<long, NotEqualOp<long>>(l, r),
        (TypeId.Int64 or TypeId.Timestamp, BinaryOp.LessThan) => new CompareNode<long, LessOp<long>>(l, r),
        (TypeId.Int64 or TypeId.Timestamp, BinaryOp.LessThanOrEqual) => new CompareNode<long, LessOrEqualOp<long>>(l, r),
        (TypeId.Int64 or TypeId.Timestamp, BinaryOp.GreaterThan) => new CompareNode<long, GreaterOp<long>>(l, r),
        (TypeId.Int64 or TypeId.Timestamp, _) => new CompareNode<long, GreaterOrEqualOp<long>>(l, r),
        (_, BinaryOp.Equal or BinaryOp.NullSafeEqual) => new CompareNode<double, DoubleEqualOp>(l, r, op == BinaryOp.NullSafeEqual),
        (_, BinaryOp.NotEqual) => new CompareNode<double, DoubleNotEqualOp>(l, r),
        (_, BinaryOp.LessThan) => new CompareNode<double, DoubleLessOp>(l, r),
        (_, BinaryOp.LessThanOrEqual) => new CompareNode<double, DoubleLessOrEqualOp>(l, r),
        (_, BinaryOp.GreaterThan) => new CompareNode<double, DoubleGreaterOp>(l, r),
        _ => new CompareNode<double, DoubleGreaterOrEqualOp>(l, r),
    };

    private static BinaryOp Flip(BinaryOp op) => op switch
    {
        BinaryOp.LessThan => BinaryOp.GreaterThan,
        BinaryOp.LessThanOrEqual => BinaryOp.GreaterThanOrEqual,
        BinaryOp.GreaterThan => BinaryOp.LessThan,
        BinaryOp.GreaterThanOrEqual => BinaryOp.LessThanOrEqual,
        _ => op,
    };

    private static bool IsNullLiteral(Expr e) => e is Literal { Value: null };
}
