using Kiln.Common.Types;
using Kiln.Plan.Expressions;

namespace Kiln;

/// <summary>
/// A column expression in the DataFrame API: a name (<c>Col("x")</c>), a column of a specific DataFrame
/// (<c>df["x"]</c>), a literal, or an expression built from them with operators and <see cref="Functions"/>.
/// Columns are resolved and type-checked when the DataFrame operation that uses them is called.
/// </summary>
/// <remarks>
/// <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&amp;</c>, <c>|</c> and <c>!</c> build expressions (SQL semantics, NULLs
/// propagate); they do not compare Column objects. Immutable and thread-safe.
/// </remarks>
#pragma warning disable CS0660, CS0661 // == builds an expression; equality of Column objects is reference equality.
public sealed class Column
#pragma warning restore CS0660, CS0661
{
    public Column(Expr expr) => Expr = expr ?? throw new ArgumentNullException(nameof(expr));

    public Expr Expr { get; }

    internal SortOrder? Order { get; private init; }

    public static implicit operator Column(string name) => Functions.Col(name);

    public static Column operator +(Column a, Column b) => Binary(BinaryOp.Add, a, b);

    public static Column operator -(Column a, Column b) => Binary(BinaryOp.Subtract, a, b);

    public static Column operator *(Column a, Column b) => Binary(BinaryOp.Multiply, a, b);

    public static Column operator /(Column a, Column b) => Binary(BinaryOp.Divide, a, b);

    public static Column operator %(Column a, Column b) => Binary(BinaryOp.Modulo, a, b);

    public static Column operator -(Column a) => new(new UnaryExpr(UnaryOp.Negate, Of(a).Expr));

    public static Column operator ==(Column a, object? b) => Binary(BinaryOp.Equal, a, Of(b));

    public static Column operator !=(Column a, object? b) => Binary(BinaryOp.NotEqual, a, Of(b));

    public static Column operator <(Column a, object? b) => Binary(BinaryOp.LessThan, a, Of(b));

    public static Column operator <=(Column a, object? b) => Binary(BinaryOp.LessThanOrEqual, a, Of(b));

    public static Column operator >(Column a, object? b) => Binary(BinaryOp.GreaterThan, a, Of(b));

    public static Column operator >=(Column a, object? b) => Binary(BinaryOp.GreaterThanOrEqual, a, Of(b));

    public static Column operator &(Column a, Column b) => Binary(BinaryOp.And, a, b);

    public static Column operator |(Column a, Column b) => Binary(BinaryOp.Or, a, b);

    public static Column operator !(Column a) => new(new UnaryExpr(UnaryOp.Not, Of(a).Expr));

    public static Column operator +(Column a, object b) => Binary(BinaryOp.Add, a, Of(b));

    public static Column operator -(Column a, object b) => Binary(BinaryOp.Subtract, a, Of(b));

    public static Column operator *(Column a, object b) => Binary(BinaryOp.Multiply, a, Of(b));

    public static Column operator /(Column a, object b) => Binary(BinaryOp.Divide, a, Of(b));

    public static Column operator %(Column a, object b) => Binary(BinaryOp.Modulo, a, Of(b));

    public Column EqualTo(object? other) => this == other;

    /// <summary>Null-safe equality (<c>&lt;=&gt;</c>): NULL equals NULL, never returns NULL.</summary>
    public Column EqNullSafe(object? other) => Binary(BinaryOp.NullSafeEqual, this, Of(other));

    public Column And(Column other) => this & other;

    public Column Or(Column other) => this | other;

    public Column Alias(string name) => new(new Alias(Expr, name));

    public Column As(string name) => Alias(name);

    public Column Cast(DataType type) => new(new CastExpr(Expr, type));

    /// <summary>Casts to a type named in SQL: <c>int</c>, <c>decimal(10,2)</c>, <c>date</c>, ...</summary>
    public Column Cast(string type) => Cast(DataType.Parse(type));

    public Column IsNull() => new(new UnaryExpr(UnaryOp.IsNull, Expr));

    public Column IsNotNull() => new(new UnaryExpr(UnaryOp.IsNotNull, Expr));

    public Column IsIn(params object?[] values) => new(new InExpr(Expr, values.Select(v => Of(v).Expr).ToArray()));

    public Column Between(object lower, object upper) => (this >= lower) & (this <= upper);

    public Column Like(string pattern) => new(new LikeExpr(Expr, Literal.Of(pattern)));

    public Column Substr(int position, int length) => Functions.Substring(this, position, length);

    /// <summary>Adds a branch to a <see cref="Functions.When"/> expression.</summary>
    public Column When(Column condition, object? value)
    {
        if (Expr is not CaseExpr { HasElse: false } c)
        {
            throw new InvalidOperationException("When() can only follow Functions.When(...) or another When(...)");
        }

        return new(new CaseExpr([.. c.Parts, Of(condition).Expr, Of(value).Expr], false));
    }

    /// <summary>The value of a <see cref="Functions.When"/> expression when no branch matches.</summary>
    public Column Otherwise(object? value)
    {
        if (Expr is not CaseExpr { HasElse: false } c)
        {
            throw new InvalidOperationException("Otherwise() can only follow Functions.When(...)");
        }

        return new(new CaseExpr([.. c.Parts, Of(value).Expr], true));
    }

    /// <summary>This aggregate or window function (<see cref="Functions.RowNumber"/>, ...) computed over <paramref name="window"/>.</summary>
    public Column Over(WindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var function = Expr is Kiln.Plan.Windows.WindowExpr w ? w.Function : Expr;
        return new(new Kiln.Plan.Windows.WindowExpr(function, window.Spec));
    }

    /// <summary>This aggregate or window function over the whole DataFrame as one window.</summary>
    public Column Over() => Over(WindowSpec.Empty);

    public Column Asc() => new(Expr) { Order = new SortOrder(Expr, true) };

    public Column Desc() => new(Expr) { Order = new SortOrder(Expr, false) };

    public Column AscNullsLast() => new(Expr) { Order = new SortOrder(Expr, true, false) };

    public Column AscNullsFirst() => new(Expr) { Order = new SortOrder(Expr, true, true) };

    public Column DescNullsFirst() => new(Expr) { Order = new SortOrder(Expr, false, true) };

    public Column DescNullsLast() => new(Expr) { Order = new SortOrder(Expr, false, false) };

    internal static Column Of(object? value) => value switch
    {
        Column c => c,
        _ => new Column(Literal.Of(value)),
    };

    private static Column Binary(BinaryOp op, Column a, Column b) => new(new BinaryExpr(op, a.Expr, b.Expr));

    public override string ToString() => Expr.ToString();
}
