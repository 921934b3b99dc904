using Kiln.Plan.Expressions;
using Kiln.Plan.Windows;

namespace Kiln;

/// <summary>Built-in functions for DataFrame expressions, named as in Spark's <c>functions</c>.</summary>
public static partial class Functions
{
    /// <summary>A column by name; <c>"t.x"</c> refers to column x of the DataFrame aliased t.</summary>
    public static Column Col(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < name.Length - 1
            ? new Column(new ColumnRef(name[(dot + 1)..], name[..dot]))
            : new Column(new ColumnRef(name));
    }

    public static Column Lit(object? value) => new(Literal.Of(value));

    public static Column When(Column condition, object? value) =>
        new(new CaseExpr([condition.Expr, Column.Of(value).Expr], false));

    public static Column Not(Column c) => !c;

    public static Column Count(Column c) => Aggregate(AggregateFunction.Count, c);

    /// <summary><c>count(*)</c>: every row, NULLs included.</summary>
    public static Column Count() => new(new AggregateExpr(AggregateFunction.Count, null));

    public static Column CountDistinct(Column c) => new(new AggregateExpr(AggregateFunction.Count, c.Expr, Distinct: true));

    public static Column Sum(Column c) => Aggregate(AggregateFunction.Sum, c);

    public static Column SumDistinct(Column c) => new(new AggregateExpr(AggregateFunction.Sum, c.Expr, Distinct: true));

    public static Column Avg(Column c) => Aggregate(AggregateFunction.Avg, c);

    public static Column Mean(Column c) => Avg(c);

    public static Column Min(Column c) => Aggregate(AggregateFunction.Min, c);

    public static Column Max(Column c) => Aggregate(AggregateFunction.Max, c);

    public static Column Upper(Column c) => Call("upper", c);

    public static Column Lower(Column c) => Call("lower", c);

    public static Column Length(Column c) => Call("length", c);

    public static Column Trim(Column c) => Call("trim", c);

    public static Column LTrim(Column c) => Call("ltrim", c);

    public static Column RTrim(Column c) => Call("rtrim", c);

    public static Column Substring(Column c, int position, int length) => Call("substring", c, Lit(position), Lit(length));

    public static Column Concat(params Column[] columns) => Call("concat", columns);

    public static Column Year(Column c) => Call("year", c);

    public static Column Month(Column c) => Call("month", c);

    public static Column DayOfMonth(Column c) => Call("day", c);

    public static Column DateAdd(Column c, int days) => Call("date_add", c, Lit(days));

    public static Column DateSub(Column c, int days) => Call("date_sub", c, Lit(days));

    public static Column DateDiff(Column end, Column start) => Call("datediff", end, start);

    public static Column ToDate(Column c) => Call("to_date", c);

    public static Column Coalesce(params Column[] columns) => Call("coalesce", columns);

    public static Column Abs(Column c) => Call("abs", c);

    public static Column Round(Column c, int scale = 0) => Call("round", c, Lit(scale));

    /// <summary>Any built-in scalar function by its SQL name.</summary>
    public static Column CallFunction(string name, params Column[] args) => Call(name, args);

    /// <summary>Window function: the row's number in its window partition, from 1 (<c>row_number()</c>). Use with <see cref="Column.Over(WindowSpec)"/>.</summary>
    public static Column RowNumber() => WindowFunction(WindowFunctionKind.RowNumber);

    /// <summary>Window function: 1 + the number of rows ordered before the row's peers (gaps after ties).</summary>
    public static Column Rank() => WindowFunction(WindowFunctionKind.Rank);

    /// <summary>Window function: the number of the row's peer group, from 1 (no gaps).</summary>
    public static Column DenseRank() => WindowFunction(WindowFunctionKind.DenseRank);

    /// <summary>Window function: (rank - 1) / (rows in partition - 1), 0 for a single row.</summary>
    public static Column PercentRank() => WindowFunction(WindowFunctionKind.PercentRank);

    /// <summary>Window function: rows up to and including the row's peers / rows in partition.</summary>
    public static Column CumeDist() => WindowFunction(WindowFunctionKind.CumeDist);

    /// <summary>Window function: the bucket (1..n) of the row when the partition is split into n nearly equal buckets.</summary>
    public static Column Ntile(int n) => WindowFunction(WindowFunctionKind.Ntile, Lit(n));

    /// <summary>Window function: the value <paramref name="offset"/> rows before, or <paramref name="defaultValue"/> past the partition's start.</summary>
    public static Column Lag(Column c, int offset = 1, object? defaultValue = null) => WindowFunction(WindowFunctionKind.Lag, c, Lit(offset), Lit(defaultValue));

    /// <summary>Window function: the value <paramref name="offset"/> rows after, or <paramref name="defaultValue"/> past the partition's end.</summary>
    public static Column Lead(Column c, int offset = 1, object? defaultValue = null) => WindowFunction(WindowFunctionKind.Lead, c, Lit(offset), Lit(defaultValue));

    /// <summary>Window function: the value at the frame's first row.</summary>
    public static Column FirstValue(Column c) => WindowFunction(WindowFunctionKind.FirstValue, c);

    /// <summary>Window function: the value at the frame's last row.</summary>
    public static Column LastValue(Column c) => WindowFunction(WindowFunctionKind.LastValue, c);

    /// <summary>Window function: the value at the frame's <paramref name="n"/>-th row (from 1), NULL when the frame is shorter.</summary>
    public static Column NthValue(Column c, int n) => WindowFunction(WindowFunctionKind.NthValue, c, Lit(n));

    private static Column WindowFunction(WindowFunctionKind kind, params Column[] args) => new(new WindowFunctionExpr(kind, args.Select(a => a.Expr).ToArray()));

    private static Column Aggregate(AggregateFunction function, Column c) => new(new AggregateExpr(function, c.Expr));

    private static Column Call(string name, params Column[] args) => new(new FunctionCall(name, args.Select(a => a.Expr).ToArray()));
}
