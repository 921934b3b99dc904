namespace Kiln.Plan.Expressions;

public enum UnaryOp
{
    Not,
    Negate,
    IsNull,
    IsNotNull,
}
