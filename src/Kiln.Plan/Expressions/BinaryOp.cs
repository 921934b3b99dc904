namespace Kiln.Plan.Expressions;

/// <summary>Binary operators. Comparisons and boolean connectives return boolean; the rest keep the operand type.</summary>
public enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    NullSafeEqual,
    And,
    Or,
}
