using Kiln.Common.Types;

namespace Kiln.Plan.Expressions;

/// <summary>
/// An aggregate call: <c>count(*)</c> (no argument), <c>count(x)</c>, <c>count(DISTINCT x)</c>, sum, avg, min, max.
/// Result types follow Spark: count → bigint; sum of integers → bigint, of decimal(p,s) → decimal(p+10,s);
/// avg → double, or decimal(p+4,s+4) for decimals; min/max keep the input type.
/// </summary>
public sealed record AggregateExpr(AggregateFunction Function, Expr? Argument, bool Distinct = false) : Expr
{
    public override DataType Type => ResultTypeOf(Function, Argument?.Type);

    public override bool Nullable => Function != AggregateFunction.Count;

    public override IReadOnlyList<Expr> Children => Argument is null ? None : [Argument];

    public override Expr WithChildren(IReadOnlyList<Expr> children) => this with { Argument = children.Count == 0 ? null : children[0] };

    public static DataType ResultTypeOf(AggregateFunction function, DataType? input) => function switch
    {
        AggregateFunction.Count => DataType.Int64,
        AggregateFunction.Sum => input!.Id switch
        {
            TypeId.Int32 or TypeId.Int64 => DataType.Int64,
            TypeId.Decimal => DataType.Decimal(Math.Min(DataType.MaxDecimalPrecision, input.Precision + 10), input.Scale),
            _ => DataType.Float64,
        },
        AggregateFunction.Avg => input!.Id == TypeId.Decimal
            ? DataType.Decimal(Math.Min(DataType.MaxDecimalPrecision, input.Precision + 4), Math.Min(DataType.MaxDecimalPrecision, input.Scale + 4))
            : DataType.Float64,
        _ => input!,
    };

    public override string ToString()
    {
        var name = Function.ToString().ToLowerInvariant();
        return Argument is null ? $"{name}(*)" : $"{name}({(Distinct ? "DISTINCT " : "")}{Argument})";
    }
}
